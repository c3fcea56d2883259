package io.clipbatch.job.demo;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A split in clip_benchmark's WebDataset layout: {@code <split>/0.tar, 1.tar, ...} holding
 * {@code s0000000.jpg} (or .png) beside {@code s0000000.cls} (the label in ASCII) and
 * {@code s0000000.txt} (captions, one a line, UTF-8: what retrieval reads), and
 * {@code <split>/nshards.txt}.
 */
final class WebDatasetWriter implements Closeable {

    private final Path splitDir;
    private final int shardSize;
    private TarWriter shard;
    private int samples;
    private int shards;

    WebDatasetWriter(Path splitDir, int shardSize) throws IOException {
        this.splitDir = Files.createDirectories(splitDir);
        this.shardSize = shardSize;
    }

    /** Adds one sample; {@code extension} is the image member's (jpg, png). */
    void add(byte[] image, String extension, int label, List<String> captions) throws IOException {
        if (samples % shardSize == 0) {
            if (shard != null) {
                shard.close();
            }
            shard = new TarWriter(new BufferedOutputStream(Files.newOutputStream(splitDir.resolve(shards + ".tar"))));
            shards++;
        }
        String key = String.format("s%07d", samples);
        shard.add(key + "." + extension, image);
        shard.add(key + ".cls", Integer.toString(label).getBytes(StandardCharsets.US_ASCII));
        shard.add(key + ".txt", String.join("\n", captions).getBytes(StandardCharsets.UTF_8));
        samples++;
    }

    int shards() {
        return shards;
    }

    @Override
    public void close() throws IOException {
        if (shard != null) {
            shard.close();
        }
        Files.writeString(splitDir.resolve("nshards.txt"), shards + "\n", StandardCharsets.US_ASCII);
    }
}
