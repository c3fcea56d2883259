package io.clipbatch.job.bench;

import io.clipbatch.core.image.PreprocessConfig;
import io.clipbatch.core.image.PreprocessMode;
import io.clipbatch.core.image.PreprocessOptions;
import io.clipbatch.core.image.Preprocessor;

/**
 * The CPU stages, as the reference script times them: read the file, then decode only, or decode and
 * preprocess into the model's tensor (exact or fast). Each thread has its own output array.
 */
public final class PreprocessStages {
    private PreprocessStages() {
    }

    public static Throughput decode(BenchImages images, PreprocessConfig config, int threads, double warmup,
                                    double seconds) throws InterruptedException {
        Preprocessor preprocessor = new Preprocessor(config);
        return Throughput.timed("decode", threads, warmup, seconds, jpegPath() + ", exact decode",
                i -> preprocessor.decode(images.bytes(i)));
    }

    public static Throughput preprocess(BenchImages images, PreprocessConfig config, PreprocessMode mode,
                                        int threads, double warmup, double seconds) throws InterruptedException {
        Preprocessor preprocessor = new Preprocessor(config, PreprocessOptions.defaults().withMode(mode));
        ThreadLocal<float[]> out = ThreadLocal.withInitial(() -> new float[preprocessor.tensorLength()]);
        return Throughput.timed(mode.cliName(), threads, warmup, seconds, jpegPath() + ", read+decode+" + mode.cliName()
                + " preprocess", i -> preprocessor.preprocess(images.bytes(i), out.get(), 0));
    }

    /** Which JPEG decoder ran: the figures mean little without it. */
    static String jpegPath() {
        String reason = Preprocessor.nativeJpegUnavailableReason();
        return reason == null ? "libjpeg-turbo" : "pure Java (" + reason + ")";
    }
}
