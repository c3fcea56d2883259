package io.clipbatch.job.datasets;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The samples of one WebDataset shard, streamed: one sample's members in memory at a time.
 * Members are grouped as webdataset does: the key is the member name up to the first dot of its
 * file name, the extension the rest, and a sample's members are consecutive in the tar.
 *
 * <p>What the bytes themselves get wrong never ends the stream with an exception; it becomes a
 * sample with a {@link Sample#problem}. A shard cut short (or corrupt) ends with the sample that
 * was being read when the cut came, marked damaged (its end cannot be known, even when the cut
 * falls in the next header), then one sample without a key for the unknown rest: "shard truncated
 * after N samples". A failure of the store itself (a connection reset) is still thrown, so that
 * Spark retries the task rather than count a readable shard as damaged.
 */
public final class TarSamples implements Iterator<TarSamples.Sample>, Closeable {
    static final long MAX_MEMBER_BYTES = 256L << 20;
    /** A tar header, and the end-of-archive marker, is one 512-byte record. */
    private static final int RECORD = 512;

    /**
     * One sample.
     *
     * @param shard     the shard it comes from
     * @param key       webdataset's key; null for the unknown rest of a truncated shard
     * @param imageName the member chosen as its image ({@link ImageMembers#PREFERENCE}), or null
     * @param image     that member's bytes, or null
     * @param members   the members asked for by extension ({@code cls}, {@code txt}), as bytes
     * @param problem   why the sample cannot be used as read (damaged, a member too large), or null
     */
    public record Sample(String shard, String key, String imageName, byte[] image, Map<String, byte[]> members,
                         String problem) {
        /** What names the sample in output and reports: {@code shard#image member}, else {@code shard#key}, else the shard. */
        public String where() {
            return key == null ? shard : shard + "#" + (imageName != null ? imageName : key);
        }
    }

    private final String shard;
    private final Set<String> kept;
    private final CountingStream counted;
    private final TarArchiveInputStream tar;
    private final Deque<Sample> ready = new ArrayDeque<>();
    private TarArchiveEntry pending;
    /** Where the data of the last header read ends (padded): the end-of-archive record must follow it in full. */
    private long dataEnd;
    private long complete;
    private boolean ended;

    /**
     * @param kept the extensions of the non-image members to keep ({@code cls} for labels, {@code txt} for captions)
     */
    public TarSamples(String shard, InputStream in, Set<String> kept) {
        this.shard = shard;
        this.kept = kept;
        this.counted = new CountingStream(in);
        this.tar = new TarArchiveInputStream(counted);
    }

    /** Opens {@code shard} through Hadoop (local, HDFS, S3A). */
    public static TarSamples open(Configuration conf, String shard, Set<String> kept) throws IOException {
        Path path = new Path(shard);
        return new TarSamples(shard, path.getFileSystem(conf).open(path), kept);
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !ended) {
            readSample();
        }
        return !ready.isEmpty();
    }

    @Override
    public Sample next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    @Override
    public void close() throws IOException {
        ended = true;
        tar.close();
    }

    /** Reads up to the first member of the next sample, or to the end of the shard. */
    private void readSample() {
        SampleBuilder sample = null;
        try {
            for (TarArchiveEntry entry = nextFile(); entry != null; entry = nextFile()) {
                String key = keyOf(entry.getName());
                if (sample != null && !sample.key.equals(key)) {
                    pending = entry;
                    emit(sample.build());
                    return;
                }
                sample = sample != null ? sample : new SampleBuilder(key);
                sample.add(entry);
            }
            if (counted.count < dataEnd + RECORD) {
                cut(sample, "read: shard truncated");
                return;
            }
            if (sample != null) {
                emit(sample.build());
            }
            close();
        } catch (IOException e) {
            if (counted.failure != null) {
                throw new java.io.UncheckedIOException("WebDataset shard " + shard + " cannot be read: "
                        + counted.failure.getMessage(), counted.failure);
            }
            cut(sample, counted.atEnd ? "read: shard truncated" : "read: shard corrupt (" + e.getMessage() + ")");
        }
    }

    private void emit(Sample sample) {
        ready.add(sample);
        complete++;
    }

    /** The shard ends here: the sample being read is damaged, and what followed it is unknown. */
    private void cut(SampleBuilder sample, String reason) {
        if (sample != null) {
            ready.add(sample.damaged(reason + " inside this sample"));
        }
        ready.add(new Sample(shard, null, null, null, Map.of(), reason + " after " + complete + " samples"));
        try {
            close();
        } catch (IOException ignored) {
            // the stream is already broken; there is nothing more to read from it
        }
    }

    /** The next regular file, taking the one held back at the end of the previous sample first. */
    private TarArchiveEntry nextFile() throws IOException {
        if (pending != null) {
            TarArchiveEntry entry = pending;
            pending = null;
            return entry;
        }
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            dataEnd = counted.count + (entry.getSize() + RECORD - 1) / RECORD * RECORD;
            if (entry.isFile() && keyOf(entry.getName()) != null) {
                return entry;
            }
        }
        return null;
    }

    /** webdataset's key: the path up to the first dot of the file name; null for names without one. */
    static String keyOf(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.indexOf('.', slash + 1);
        return dot <= slash + 1 ? null : name.substring(0, dot);
    }

    /** One sample's members as they are read: the preferred image and the kept members. */
    private final class SampleBuilder {
        private final String key;
        private final Map<String, byte[]> members = new HashMap<>();
        private String imageName;
        private byte[] image;
        private int imageRank = Integer.MAX_VALUE;
        private String problem;

        SampleBuilder(String key) {
            this.key = key;
        }

        void add(TarArchiveEntry entry) throws IOException {
            String name = entry.getName();
            String extension = name.substring(key.length() + 1).toLowerCase(Locale.ROOT);
            int rank = ImageMembers.rank(extension);
            if (rank >= 0 && rank < imageRank) {
                byte[] bytes = read(entry);
                if (bytes != null) {
                    imageName = name.substring(name.lastIndexOf('/') + 1);
                    image = bytes;
                    imageRank = rank;
                }
            } else if (kept.contains(extension) && !members.containsKey(extension)) {
                byte[] bytes = read(entry);
                if (bytes != null) {
                    members.put(extension, bytes);
                }
            }
        }

        /** The member's bytes; null (and the sample's problem) when it is too large to hold. */
        private byte[] read(TarArchiveEntry entry) throws IOException {
            if (entry.getSize() > MAX_MEMBER_BYTES) {
                problem = "read: member " + entry.getName() + " is larger than " + MAX_MEMBER_BYTES + " bytes";
                return null;
            }
            return tar.readAllBytes();
        }

        Sample build() {
            return new Sample(shard, key, imageName, image, Map.copyOf(members), problem);
        }

        Sample damaged(String reason) {
            return new Sample(shard, key, imageName, null, Map.copyOf(members), reason);
        }
    }

    /**
     * Counts the bytes the tar reader takes (skips are reads, so the count is what the shard held),
     * notes whether the shard ended, and keeps the store's own failure apart from the tar reader's.
     */
    private static final class CountingStream extends FilterInputStream {
        private final byte[] skipped = new byte[8192];
        long count;
        boolean atEnd;
        IOException failure;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (n < 0) {
                atEnd = true;
            } else {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            int read = read(skipped, 0, (int) Math.min(n, skipped.length));
            return Math.max(read, 0);
        }

        @Override
        public int available() {
            return 0;
        }
    }
}
