package io.clipbatch.job.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.image.ImageException;
import io.clipbatch.core.image.Preprocessor;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.Device;
import io.clipbatch.core.session.SessionSettings;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled model classifies demo images right, through the project's own pipeline (decoder,
 * Pillow-exact preprocessing, ONNX Runtime towers, clip_benchmark's zero-shot head) - no Spark.
 */
class BundledModelAccuracyTest {

    private static final int N = 200;

    @Test
    void zeroShotTop1IsAtLeast90Percent(@TempDir Path dir) throws IOException, ImageException {
        Bundle bundle = Bundle.load(ShapesReference.BUNDLE);
        DemoData.write(dir, N, 2024);
        List<String> rows = Files.readAllLines(dir.resolve("manifest.csv")).subList(1, N + 1);
        Preprocessor preprocessor = new Preprocessor(bundle.preprocess());
        float[] pixels = new float[N * preprocessor.tensorLength()];
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            String[] fields = rows.get(i).split(",");
            preprocessor.preprocess(Files.readAllBytes(Path.of(fields[0].replace("\"", ""))), pixels,
                    i * preprocessor.tensorLength());
            labels[i] = Integer.parseInt(fields[1]);
        }
        int[] correct = new int[2];
        int[] total = new int[2];
        try (ClipModel model = ClipModel.open(bundle, new SessionSettings(Device.DEFAULT, 2, SessionSettings.DEFAULT_MAX_BATCH))) {
            ZeroShotHead head = ZeroShotHead.build(ShapeClasses.names(), ShapeClasses.TEMPLATES, model,
                    texts -> bundle.tokenizer().tokenize(texts, bundle.contextLength()));
            float[][] embeddings = model.encodeImages(pixels, N);
            for (int i = 0; i < N; i++) {
                int group = ShapeClasses.isHeldOut(labels[i]) ? 1 : 0;
                total[group]++;
                correct[group] += head.topK(embeddings[i], 1).get(0).index() == labels[i] ? 1 : 0;
            }
        }
        double accuracy = 100.0 * (correct[0] + correct[1]) / N;
        System.out.printf("clip-tiny-shapes zero-shot top-1 on %d demo images: %.1f%% (seen classes %d/%d, held-out classes %d/%d)%n",
                N, accuracy, correct[0], total[0], correct[1], total[1]);
        assertTrue(accuracy >= 90, "top-1 " + accuracy + "% is below 90%");
    }
}
