package io.clipbatch.job.datasets;

import io.clipbatch.udfs.partition.SerializableConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Streams one WebDataset shard into rows of (path, image bytes, label), or for retrieval shards
 * (path, image bytes, captions from the {@code .txt} member, null without one). Members are grouped into
 * samples as webdataset does: the key is the member name up to the first dot of its file name,
 * and a sample's members are consecutive in the tar, in any order.
 */
final class TarShardReader implements FlatMapFunction<String, Row> {
    private static final long serialVersionUID = 1L;
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp");
    private static final long MAX_MEMBER_BYTES = 256L << 20;

    private final Broadcast<SerializableConfiguration> conf;
    private final boolean captions;

    TarShardReader(Broadcast<SerializableConfiguration> conf) {
        this(conf, false);
    }

    /** @param captions whether samples are image + {@code .txt} captions (retrieval) rather than image + {@code .cls} */
    TarShardReader(Broadcast<SerializableConfiguration> conf, boolean captions) {
        this.conf = conf;
        this.captions = captions;
    }

    @Override
    public Iterator<Row> call(String shard) throws IOException {
        Path path = new Path(shard);
        InputStream in = path.getFileSystem(conf.value().get()).open(path);
        return new Samples(shard, new TarArchiveInputStream(in), captions);
    }

    /** The shard's samples, read lazily: one sample's members in memory at a time. */
    private static final class Samples implements Iterator<Row> {
        private final String shard;
        private final TarArchiveInputStream tar;
        private final boolean withCaptions;
        private TarArchiveEntry pending;
        private Row next;
        private boolean done;

        Samples(String shard, TarArchiveInputStream tar, boolean withCaptions) {
            this.shard = shard;
            this.tar = tar;
            this.withCaptions = withCaptions;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                next = readSample();
            }
            return next != null;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row row = next;
            next = null;
            return row;
        }

        private Row readSample() {
            try {
                String key = null;
                String imageName = null;
                byte[] image = null;
                Integer label = null;
                String captionText = null;
                for (TarArchiveEntry entry = nextFile(); entry != null; entry = nextFile()) {
                    String name = entry.getName();
                    String entryKey = keyOf(name);
                    if (key != null && !key.equals(entryKey)) {
                        pending = entry; // the first member of the next sample
                        break;
                    }
                    key = entryKey;
                    String extension = name.substring(entryKey.length() + 1).toLowerCase(java.util.Locale.ROOT);
                    if (withCaptions && extension.equals("txt")) {
                        captionText = new String(readMember(entry), StandardCharsets.UTF_8);
                    } else if (extension.equals("cls")) {
                        label = parseLabel(key, new String(readMember(entry), StandardCharsets.US_ASCII));
                    } else if (IMAGE_EXTENSIONS.contains(extension) && image == null) {
                        imageName = name;
                        image = readMember(entry);
                    }
                }
                if (key == null) {
                    done = true;
                    tar.close();
                    return null;
                }
                if (withCaptions && image != null) {
                    return RowFactory.create(shard + "#" + imageName, image,
                            captionText == null ? null : CaptionLines.split(captionText).toArray(new String[0]));
                }
                if ((label == null && !withCaptions) || image == null) {
                    throw new IllegalStateException("WebDataset shard " + shard + ": sample " + key + " has no "
                            + (label == null ? ".cls label" : "image (.jpg, .jpeg, .png or .webp)"));
                }
                return RowFactory.create(shard + "#" + imageName, image, label);
            } catch (IOException e) {
                throw new UncheckedIOException("WebDataset shard " + shard + " cannot be read: " + e.getMessage(), e);
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
                if (entry.isFile() && keyOf(entry.getName()) != null) {
                    return entry;
                }
            }
            return null;
        }

        private byte[] readMember(TarArchiveEntry entry) throws IOException {
            if (entry.getSize() > MAX_MEMBER_BYTES) {
                throw new IOException("member " + entry.getName() + " is larger than " + MAX_MEMBER_BYTES + " bytes");
            }
            return tar.readAllBytes();
        }

        private int parseLabel(String key, String text) {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("WebDataset shard " + shard + ": " + key + ".cls holds '"
                        + text.strip() + "', not an integer label");
            }
        }
    }

    /** webdataset's key: the path up to the first dot of the file name; null for names without one. */
    static String keyOf(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.indexOf('.', slash + 1);
        return dot <= slash + 1 ? null : name.substring(0, dot);
    }
}
