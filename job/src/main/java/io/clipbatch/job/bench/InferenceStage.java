package io.clipbatch.job.bench;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.image.Preprocessor;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.SessionSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** ONNX Runtime alone: the image tower run over and over on one batch of ready tensors. */
public final class InferenceStage {
    private InferenceStage() {
    }

    public static Throughput run(Bundle bundle, SessionSettings settings, BenchImages images, double warmup,
                                 double seconds) throws Exception {
        int batch = settings.maxBatchSize();
        FloatBuffer pixels = tensors(bundle, images, batch);
        ClipModel model = ClipModel.open(bundle, settings);
        try {
            model.encodeImages(pixels, batch); // opens the session, outside the timing
            // A few runs at least, both warming up and timed: ONNX Runtime's first runs of a shape grow its
            // memory arena and are slow, and one run of a large model can take seconds.
            Throughput timed = Throughput.timed("ort", 1, warmup, seconds, 4, "", i -> model.encodeImages(pixels, batch));
            int cores = cores(settings);
            return new Throughput("ort", timed.images() * batch, timed.seconds(), timed.cpuSeconds(), cores,
                    "image tower on " + model.imageDevice() + ", batch " + batch + ", intra-op threads "
                            + (settings.intraOpThreads() == 0 ? "auto" : settings.intraOpThreads()));
        } finally {
            model.close();
        }
    }

    /** The first {@code batch} images preprocessed exactly, in a direct buffer as the pipeline makes them. */
    static FloatBuffer tensors(Bundle bundle, BenchImages images, int batch) throws IOException,
            io.clipbatch.core.image.ImageException {
        Preprocessor preprocessor = new Preprocessor(bundle.preprocess());
        FloatBuffer pixels = ByteBuffer.allocateDirect(batch * preprocessor.tensorLength() * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < batch; i++) {
            preprocessor.preprocess(images.bytes(i), pixels, i * preprocessor.tensorLength());
        }
        return pixels;
    }

    /** The cores ONNX Runtime uses: its intra-op threads, or every core when it chooses. */
    static int cores(SessionSettings settings) {
        int available = Runtime.getRuntime().availableProcessors();
        return settings.intraOpThreads() > 0 ? Math.min(settings.intraOpThreads(), available) : available;
    }
}
