package io.clipbatch.udfs.partition;

import java.io.Serializable;

/**
 * Everything an executor needs to score a partition, sent with the task.
 *
 * @param bundleDir       the model bundle, a directory every executor can read
 * @param device          {@code cpu}, {@code cuda} or {@code auto}
 * @param intraOpThreads  ONNX Runtime intra-op threads per session (0: its default)
 * @param batchSize       images per model call
 * @param readerThreads   threads reading and decoding images per task
 * @param pathColumn      the input column holding each image's location
 * @param bytesColumn     the input column holding each image's encoded bytes, or null to read every
 *                        image from its path; a row whose bytes are null is read from its path
 * @param topK            predictions kept per image with zero-shot
 * @param exifTranspose   apply EXIF orientation (the reference ignores it)
 * @param maxPixels       refuse images with more pixels than this before decoding them
 * @param maxFileBytes    refuse files larger than this before reading them
 */
public record ScoringSpec(String bundleDir, String device, int intraOpThreads, int batchSize, int readerThreads,
                          String pathColumn, String bytesColumn, int topK, boolean exifTranspose, long maxPixels, long maxFileBytes)
        implements Serializable {

    public ScoringSpec {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (readerThreads < 1) {
            throw new IllegalArgumentException("reader threads must be at least 1, got " + readerThreads);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("top-k must be at least 1, got " + topK);
        }
    }

    /** How many images may be read ahead of the model: two batches keep it fed without hoarding memory. */
    public int decodeWindow() {
        return Math.max(2 * batchSize, 2 * readerThreads);
    }
}
