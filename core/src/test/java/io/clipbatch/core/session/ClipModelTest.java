package io.clipbatch.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipbatch.core.Golden;
import io.clipbatch.core.bundle.Bundle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The towers through real ONNX Runtime, against the PyTorch goldens. */
class ClipModelTest {

    /** PyTorch vs ONNX Runtime, both float32: only summation order differs. */
    private static final double FP32_TOLERANCE = 5e-4;
    /** The fixed1 variant rounds pixels (and the text embedding) to float16. */
    private static final double FP16_TOLERANCE = 1e-3;

    private static final SessionSettings CPU = new SessionSettings(Device.CPU, 1, 32);
    private static final String[] STORED = {"gradient.png", "chelsea.jpg"};

    private static ClipModel immich;
    private static ClipModel hf;
    private static ClipModel fixed1;
    private static float[] pixels;

    @BeforeAll
    static void open() {
        immich = ClipModel.open(Bundle.load(Golden.model(Golden.IMMICH)), CPU);
        hf = ClipModel.open(Bundle.load(Golden.model(Golden.HF)), CPU);
        fixed1 = ClipModel.open(Bundle.load(Golden.model(Golden.FIXED1)), CPU);
        float[] first = Golden.tensor("gradient.f32.bin");
        float[] second = Golden.tensor("chelsea.f32.bin");
        pixels = new float[first.length + second.length];
        System.arraycopy(first, 0, pixels, 0, first.length);
        System.arraycopy(second, 0, pixels, first.length, second.length);
    }

    @AfterAll
    static void close() {
        immich.close();
        hf.close();
        fixed1.close();
    }

    private static double maxDistance(float[][] embeddings, float[][] expected) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Golden.l2(embeddings[i], expected[i]));
        }
        return max;
    }

    private static float[][] goldenImages() {
        return new float[][] {Golden.imageEmbedding(STORED[0]), Golden.imageEmbedding(STORED[1])};
    }

    @Test
    void imageEmbeddingsMatchPyTorch() {
        float[][] embeddings = immich.encodeImages(pixels, 2);
        double distance = maxDistance(embeddings, goldenImages());
        Golden.figure("image L2 immich vs pytorch", distance);
        assertTrue(distance <= FP32_TOLERANCE, "distance " + distance);
        for (float[] e : embeddings) {
            assertEquals(1.0, norm(e), 1e-6);
        }
    }

    @Test
    void bothLayoutsGiveTheSameImageEmbeddings() {
        float[][] fromImmich = immich.encodeImages(pixels, 2);
        float[][] fromHf = hf.encodeImages(pixels, 2);
        double distance = maxDistance(fromHf, fromImmich);
        Golden.figure("image L2 hf vs immich", distance);
        assertTrue(distance < 1e-5, "distance " + distance);
        Golden.figure("image L2 hf vs pytorch", maxDistance(fromHf, goldenImages()));
    }

    @Test
    void theTwoStoredImagesDiffer() {
        float[][] embeddings = immich.encodeImages(pixels, 2);
        assertTrue(Golden.l2(embeddings[0], embeddings[1]) > 0.1, "a test model too insensitive to its input");
    }

    @Test
    void fixedBatchOneFloat16ImageTowerRunsInALoop() {
        float[][] embeddings = fixed1.encodeImages(pixels, 2);
        double distance = maxDistance(embeddings, goldenImages());
        Golden.figure("image L2 fixed1 (fp16 input) vs pytorch", distance);
        assertTrue(distance <= FP16_TOLERANCE, "distance " + distance);
        assertEquals(1.0, norm(embeddings[1]), 1e-6);
    }

    @Test
    void textEmbeddingsMatchPyTorchInEveryLayout() {
        JsonNode texts = Golden.json("texts.json");
        int[][] ids = Golden.intMatrix(texts.get("ids"));
        float[][] expected = Golden.matrix(texts.get("embeddings"));
        double int32 = maxDistance(immich.encodeTexts(ids), expected);
        double int64WithMask = maxDistance(hf.encodeTexts(ids), expected);
        double float16Out = maxDistance(fixed1.encodeTexts(ids), expected);
        Golden.figure("text L2 immich (int32) vs pytorch", int32);
        Golden.figure("text L2 hf (int64 + attention_mask) vs pytorch", int64WithMask);
        Golden.figure("text L2 fixed1 (fp16 output) vs pytorch", float16Out);
        assertTrue(int32 <= FP32_TOLERANCE, "int32 " + int32);
        assertTrue(int64WithMask <= FP32_TOLERANCE, "int64 " + int64WithMask);
        assertTrue(float16Out <= FP16_TOLERANCE, "float16 " + float16Out);
    }

    @Test
    void batchSizeDoesNotChangeTheResult() {
        int[][] ids = Golden.intMatrix(Golden.json("texts.json").get("ids"));
        float[][] whole = immich.encodeTexts(ids);
        try (ClipModel byThree = ClipModel.open(immich.bundle(), new SessionSettings(Device.CPU, 1, 3))) {
            float[][] chunked = byThree.encodeTexts(ids);
            assertTrue(maxDistance(chunked, whole) < 1e-6);
            float[][] images = byThree.encodeImages(pixels, 2);
            assertTrue(maxDistance(images, immich.encodeImages(pixels, 2)) < 1e-6);
        }
        try (ClipModel one = ClipModel.open(hf.bundle(), new SessionSettings(Device.CPU, 1, 1))) {
            assertTrue(maxDistance(one.encodeTexts(ids), whole) < 1e-5);
        }
    }

    @Test
    void emptyInputsGiveNoEmbeddings() {
        assertEquals(0, immich.encodeImages(new float[0], 0).length);
        assertEquals(0, immich.encodeTexts(new int[0][]).length);
    }

    @Test
    void wrongSizesAreRejected() {
        IllegalArgumentException pixelsShort = assertThrows(IllegalArgumentException.class,
                () -> immich.encodeImages(new float[10], 1));
        assertEquals("1 images of 3x224x224 need 150528 floats, got 10", pixelsShort.getMessage());
        IllegalArgumentException idsShort = assertThrows(IllegalArgumentException.class,
                () -> immich.encodeTexts(new int[][] {{1, 2, 3}}));
        assertEquals("token rows must be 77 long, got 3", idsShort.getMessage());
    }

    @Test
    void attentionMaskCoversTokensUpToAndIncludingEot() {
        int[][] ids = {{753, 320, 584, 754, 0, 0}, {753, 754, 0, 0, 0, 0}, {753, 1, 2, 3, 4, 754}};
        int[][] mask = TextTower.attentionMask(ids, 0, 3);
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, 0}, mask[0]);
        assertArrayEquals(new int[] {1, 1, 0, 0, 0, 0}, mask[1]);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, mask[2]);
    }

    @Test
    void describesTheChosenTensors() {
        fixed1.encodeImages(pixels, 1);
        fixed1.encodeTexts(Golden.intMatrix(Golden.json("texts.json").get("ids")));
        assertEquals("tiny-clip-fixed1: image model.onnx [image float16[1,3,224,224]] -> embedding float32[1,32] on cpu; "
                + "text model.onnx [text int32[1,77]] -> embedding float16[1,32] on cpu", fixed1.toString());
        hf.encodeTexts(new int[0][]);
        assertTrue(hf.toString().contains("[input_ids int64[N,77], attention_mask int64[N,77]] -> text_embeds float32[N,32]"),
                hf.toString());
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        int[][] ids = Golden.intMatrix(Golden.json("texts.json").get("ids"));
        float[][] expectedTexts = immich.encodeTexts(ids);
        float[][] expectedImages = immich.encodeImages(pixels, 2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Double>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> Math.max(maxDistance(immich.encodeTexts(ids), expectedTexts),
                        maxDistance(immich.encodeImages(pixels, 2), expectedImages))));
            }
            for (Future<Double> result : results) {
                assertEquals(0.0, result.get(), 1e-7);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aClosedModelRefusesWork() {
        ClipModel model = ClipModel.open(immich.bundle(), CPU);
        model.close();
        assertThrows(IllegalStateException.class, () -> model.encodeImages(pixels, 1));
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }
}
