package io.clipbatch.udfs;

import io.clipbatch.core.image.PreprocessMode;
import io.clipbatch.core.image.PreprocessOptions;
import io.clipbatch.core.session.Device;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * How to score images, typed once where the user's words arrive (the CLI, a transformer's params, a
 * SQL call's options) and sent as it is with every task: executors parse nothing.
 *
 * @param model           the model bundle, an absolute directory every executor can read
 * @param device          where the model runs; a task on a GPU that Spark assigned uses that GPU
 * @param intraOpThreads  ONNX Runtime intra-op threads per session (0: its default)
 * @param batchSize       images per model call
 * @param readerThreads   threads per task reading images (I/O-bound: size them for the storage's latency)
 * @param pathColumn      the input column holding each image's location, or null when every row carries
 *                        its bytes
 * @param bytesColumn     the input column holding each image's encoded bytes, or null to read every
 *                        image from its path; a row whose bytes are null is read from its path
 * @param topK            predictions kept per image with zero-shot
 * @param exifTranspose   apply EXIF orientation (the reference ignores it)
 * @param maxPixels       refuse images with more pixels than this before decoding them
 * @param maxFileBytes    refuse files larger than this before reading them
 * @param decoderThreads  threads per executor JVM decoding and preprocessing (CPU-bound), shared by its
 *                        tasks; 0: one per core
 * @param preprocess      Pillow's pixels, or JPEGs decoded shrunk
 * @param embeddingDtype  {@code array<float>} or float16 {@code binary}
 */
public record ScoringSpec(String model, Device device, int intraOpThreads, int batchSize, int readerThreads,
                          String pathColumn, String bytesColumn, int topK, boolean exifTranspose, long maxPixels,
                          long maxFileBytes, int decoderThreads, PreprocessMode preprocess,
                          EmbeddingDtype embeddingDtype) implements Serializable {

    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final int DEFAULT_READER_THREADS = 4;
    public static final int DEFAULT_TOP_K = 5;
    /** Pillow's own decompression-bomb limit. */
    public static final long DEFAULT_MAX_PIXELS = 178_956_970L;
    public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;

    public ScoringSpec {
        if (model == null || model.isBlank()) {
            throw new InvalidSettingException(Setting.MODEL, "is required");
        }
        InvalidSettingException.requireAtLeast(Setting.INTRA_OP_THREADS, intraOpThreads, 0);
        InvalidSettingException.requireAtLeast(Setting.BATCH_SIZE, batchSize, 1);
        InvalidSettingException.requireAtLeast(Setting.READER_THREADS, readerThreads, 1);
        InvalidSettingException.requireAtLeast(Setting.TOP_K, topK, 1);
        InvalidSettingException.requireAtLeast(Setting.MAX_PIXELS, maxPixels, 1);
        InvalidSettingException.requireAtLeast(Setting.MAX_FILE_BYTES, maxFileBytes, 1);
        InvalidSettingException.requireAtLeast(Setting.DECODER_THREADS, decoderThreads, 0);
        if (pathColumn == null && bytesColumn == null) {
            throw new InvalidSettingException(Setting.PATH_COLUMN, "is required when no bytes column is given");
        }
    }

    /** {@code cpu}, {@code auto}, {@code cuda} or {@code cuda:N}, as a {@link Setting#DEVICE} refusal when not. */
    public static Device parseDevice(String device) {
        try {
            return Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(Setting.DEVICE, "must be cpu, cuda, cuda:N or auto, not '" + device + "'");
        }
    }

    public static Builder builder(String model) {
        return new Builder(model);
    }

    public Builder toBuilder() {
        return toBuilder(model);
    }

    private Builder toBuilder(String model) {
        return new Builder(model).device(device).intraOpThreads(intraOpThreads).batchSize(batchSize)
                .readerThreads(readerThreads).pathColumn(pathColumn).bytesColumn(bytesColumn).topK(topK)
                .exifTranspose(exifTranspose).maxPixels(maxPixels).maxFileBytes(maxFileBytes)
                .decoderThreads(decoderThreads).preprocess(preprocess).embeddingDtype(embeddingDtype);
    }

    /** This spec for rows whose image is in {@code pathColumn} and, when not null, {@code bytesColumn}. */
    public ScoringSpec withColumns(String pathColumn, String bytesColumn) {
        return toBuilder().pathColumn(pathColumn).bytesColumn(bytesColumn).build();
    }

    /** This spec for another model's bundle (an eval compares several with the same settings). */
    public ScoringSpec withModel(Path bundleDir) {
        return toBuilder(bundleDir.toString()).build();
    }

    public Path modelDir() {
        return Path.of(model);
    }

    public boolean float16Embeddings() {
        return embeddingDtype == EmbeddingDtype.FLOAT16;
    }

    /** The decoding choices every preprocessing of the task uses: EXIF, pixel limit, exact or fast. */
    public PreprocessOptions preprocessOptions() {
        return new PreprocessOptions(exifTranspose, maxPixels, preprocess);
    }

    /**
     * How many images may be in flight ahead of the model: two batches, so one is being decoded while
     * the model runs the other, and enough for every reader thread to have work.
     */
    public int decodeWindow() {
        return Math.max(2 * batchSize, batchSize + 2 * readerThreads);
    }

    /** Fills a spec from the defaults; values given as text are parsed here, the one place that does. */
    public static final class Builder {
        private final String model;
        private Device device = Device.DEFAULT;
        private int intraOpThreads;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int readerThreads = DEFAULT_READER_THREADS;
        private String pathColumn = "path";
        private String bytesColumn;
        private int topK = DEFAULT_TOP_K;
        private boolean exifTranspose;
        private long maxPixels = DEFAULT_MAX_PIXELS;
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private int decoderThreads;
        private PreprocessMode preprocess = PreprocessMode.EXACT;
        private EmbeddingDtype embeddingDtype = EmbeddingDtype.FLOAT32;

        /** @param model the bundle directory; a relative one is made absolute here, on the driver */
        private Builder(String model) {
            this.model = model == null || model.isBlank() ? model : Path.of(model).toAbsolutePath().normalize().toString();
        }

        public Builder device(Device device) {
            this.device = device;
            return this;
        }

        /** {@code cpu}, {@code auto}, {@code cuda} or {@code cuda:N}. */
        public Builder device(String device) {
            return device(parseDevice(device));
        }

        public Builder intraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        public Builder batchSize(int size) {
            this.batchSize = size;
            return this;
        }

        public Builder readerThreads(int threads) {
            this.readerThreads = threads;
            return this;
        }

        public Builder pathColumn(String column) {
            this.pathColumn = column;
            return this;
        }

        public Builder bytesColumn(String column) {
            this.bytesColumn = column;
            return this;
        }

        public Builder topK(int k) {
            this.topK = k;
            return this;
        }

        public Builder exifTranspose(boolean apply) {
            this.exifTranspose = apply;
            return this;
        }

        public Builder maxPixels(long pixels) {
            this.maxPixels = pixels;
            return this;
        }

        public Builder maxFileBytes(long bytes) {
            this.maxFileBytes = bytes;
            return this;
        }

        public Builder decoderThreads(int threads) {
            this.decoderThreads = threads;
            return this;
        }

        public Builder preprocess(PreprocessMode mode) {
            this.preprocess = mode;
            return this;
        }

        /** {@code exact} or {@code fast}. */
        public Builder preprocess(String mode) {
            try {
                return preprocess(PreprocessMode.parse(mode));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.PREPROCESS, "must be exact or fast, not '" + mode + "'");
            }
        }

        public Builder embeddingDtype(EmbeddingDtype dtype) {
            this.embeddingDtype = dtype;
            return this;
        }

        /** {@code float32} or {@code float16}. */
        public Builder embeddingDtype(String dtype) {
            return embeddingDtype(EmbeddingDtype.parse(dtype));
        }

        public ScoringSpec build() {
            return new ScoringSpec(model, device, intraOpThreads, batchSize, readerThreads, pathColumn, bytesColumn,
                    topK, exifTranspose, maxPixels, maxFileBytes, decoderThreads, preprocess, embeddingDtype);
        }
    }
}
