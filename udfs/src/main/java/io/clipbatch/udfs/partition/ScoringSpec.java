package io.clipbatch.udfs.partition;

import io.clipbatch.core.image.PreprocessMode;
import io.clipbatch.core.image.PreprocessOptions;
import io.clipbatch.core.session.Device;
import java.io.Serializable;

/**
 * Everything an executor needs to score a partition, sent with the task.
 *
 * @param bundleDir       the model bundle, a directory every executor can read
 * @param device          where the model runs; a task on a GPU that Spark assigned uses that GPU
 * @param intraOpThreads  ONNX Runtime intra-op threads per session (0: its default)
 * @param batchSize       images per model call
 * @param readerThreads   threads per task reading images (I/O-bound: size them for the storage's latency)
 * @param pathColumn      the input column holding each image's location
 * @param bytesColumn     the input column holding each image's encoded bytes, or null to read every
 *                        image from its path; a row whose bytes are null is read from its path
 * @param topK            predictions kept per image with zero-shot
 * @param exifTranspose   apply EXIF orientation (the reference ignores it)
 * @param maxPixels       refuse images with more pixels than this before decoding them
 * @param maxFileBytes    refuse files larger than this before reading them
 * @param decoderThreads  threads per executor JVM decoding and preprocessing (CPU-bound), shared by its
 *                        tasks; 0: one per core
 * @param preprocess      {@code exact} (Pillow's pixels) or {@code fast} (JPEGs decoded shrunk)
 * @param embeddingDtype  {@code float32} ({@code array<float>}) or {@code float16} (binary, 2 bytes a value)
 */
public record ScoringSpec(String bundleDir, Device device, int intraOpThreads, int batchSize, int readerThreads,
                          String pathColumn, String bytesColumn, int topK, boolean exifTranspose, long maxPixels,
                          long maxFileBytes, int decoderThreads, String preprocess, String embeddingDtype)
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
        if (decoderThreads < 0) {
            throw new IllegalArgumentException("decoder threads must be 0 (one per core) or more, got " + decoderThreads);
        }
        PreprocessMode.parse(preprocess);
        if (!embeddingDtype.equals("float32") && !embeddingDtype.equals("float16")) {
            throw new IllegalArgumentException("embedding dtype must be float32 or float16, got '" + embeddingDtype + "'");
        }
    }

    /** Exact preprocessing, one decoder thread per core. */
    public ScoringSpec(String bundleDir, Device device, int intraOpThreads, int batchSize, int readerThreads,
                       String pathColumn, String bytesColumn, int topK, boolean exifTranspose, long maxPixels,
                       long maxFileBytes) {
        this(bundleDir, device, intraOpThreads, batchSize, readerThreads, pathColumn, bytesColumn, topK, exifTranspose,
                maxPixels, maxFileBytes, 0, "exact", "float32");
    }

    public ScoringSpec withPreprocess(String mode) {
        return new ScoringSpec(bundleDir, device, intraOpThreads, batchSize, readerThreads, pathColumn, bytesColumn,
                topK, exifTranspose, maxPixels, maxFileBytes, decoderThreads, mode, embeddingDtype);
    }

    public ScoringSpec withDecoderThreads(int threads) {
        return new ScoringSpec(bundleDir, device, intraOpThreads, batchSize, readerThreads, pathColumn, bytesColumn,
                topK, exifTranspose, maxPixels, maxFileBytes, threads, preprocess, embeddingDtype);
    }

    public ScoringSpec withEmbeddingDtype(String dtype) {
        return new ScoringSpec(bundleDir, device, intraOpThreads, batchSize, readerThreads, pathColumn, bytesColumn,
                topK, exifTranspose, maxPixels, maxFileBytes, decoderThreads, preprocess, dtype);
    }

    public boolean float16Embeddings() {
        return embeddingDtype.equals("float16");
    }

    public PreprocessMode preprocessMode() {
        return PreprocessMode.parse(preprocess);
    }

    /** The decoding choices every preprocessing of the task uses: EXIF, pixel limit, exact or fast. */
    public PreprocessOptions preprocessOptions() {
        return new PreprocessOptions(exifTranspose, maxPixels, preprocessMode());
    }

    /**
     * How many images may be in flight ahead of the model: two batches, so one is being decoded while
     * the model runs the other, and enough for every reader thread to have work.
     */
    public int decodeWindow() {
        return Math.max(2 * batchSize, batchSize + 2 * readerThreads);
    }
}
