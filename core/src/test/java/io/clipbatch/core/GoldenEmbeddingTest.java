package io.clipbatch.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.image.ImageException;
import io.clipbatch.core.image.Preprocessor;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.Device;
import io.clipbatch.core.session.SessionSettings;
import io.clipbatch.core.tokenizer.ClipTokenizer;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end against PyTorch: encoded image bytes -> Preprocessor -> image tower, and prompts ->
 * ClipTokenizer -> text tower -> zero-shot head, for both bundle layouts. The goldens come from
 * tools/make_tiny_clip.py (OpenAI's clip._transform via torchvision + Pillow 9.4).
 */
class GoldenEmbeddingTest {

    private static final double EMBEDDING_TOLERANCE = 5e-4;
    private static final double PROBABILITY_TOLERANCE = 1e-3;
    private static final SessionSettings CPU = new SessionSettings(Device.CPU, 1, 8);

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    private static float[][] embedImages(Bundle bundle, ClipModel model, List<String> files)
            throws IOException, ImageException {
        Preprocessor preprocessor = new Preprocessor(bundle.preprocess());
        int perImage = 3 * bundle.preprocess().size() * bundle.preprocess().size();
        float[] pixels = new float[files.size() * perImage];
        for (int i = 0; i < files.size(); i++) {
            preprocessor.preprocess(Files.readAllBytes(Golden.embeddings(files.get(i))), pixels, i * perImage);
        }
        return model.encodeImages(pixels, files.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {Golden.IMMICH, Golden.HF})
    void preprocessedTensorsMatchTorchvision(String name) throws IOException, ImageException {
        Preprocessor preprocessor = new Preprocessor(Bundle.load(Golden.model(name)).preprocess());
        JsonNode tensors = Golden.json("images.json").get("tensors");
        for (String file : List.of("gradient.png", "chelsea.jpg")) {
            float[] ours = preprocessor.preprocess(Files.readAllBytes(Golden.embeddings(file)));
            float[] reference = Golden.tensor(tensors.get(file).asText());
            double max = 0;
            for (int i = 0; i < ours.length; i++) {
                max = Math.max(max, Math.abs(ours[i] - reference[i]));
            }
            Golden.figure(name + " " + file + " preprocess max abs diff", max);
            assertTrue(max < 1e-5, file + ": " + max);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Golden.IMMICH, Golden.HF})
    void imageBytesToEmbeddingsMatchPyTorch(String name) throws IOException, ImageException {
        Bundle bundle = Bundle.load(Golden.model(name));
        JsonNode images = Golden.json("images.json");
        List<String> files = strings(images.get("images"));
        try (ClipModel model = ClipModel.open(bundle, CPU)) {
            float[][] embeddings = embedImages(bundle, model, files);
            for (int i = 0; i < files.size(); i++) {
                double distance = Golden.l2(embeddings[i], Golden.floats(images.get("embeddings").get(i)));
                Golden.figure(name + " " + files.get(i) + " image L2 vs pytorch", distance);
                assertTrue(distance <= EMBEDDING_TOLERANCE, files.get(i) + ": " + distance);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Golden.IMMICH, Golden.HF})
    void promptsToEmbeddingsMatchPyTorch(String name) {
        Bundle bundle = Bundle.load(Golden.model(name));
        ClipTokenizer tokenizer = bundle.tokenizer(ClipTokenizer::load);
        JsonNode texts = Golden.json("texts.json");
        int[][] ids = tokenizer.tokenize(strings(texts.get("prompts")), bundle.contextLength());
        int[][] expectedIds = Golden.intMatrix(texts.get("ids"));
        for (int i = 0; i < ids.length; i++) {
            assertArrayEquals(expectedIds[i], ids[i], texts.get("prompts").get(i).asText());
        }
        try (ClipModel model = ClipModel.open(bundle, CPU)) {
            float[][] embeddings = model.encodeTexts(ids);
            for (int i = 0; i < ids.length; i++) {
                double distance = Golden.l2(embeddings[i], Golden.floats(texts.get("embeddings").get(i)));
                assertTrue(distance <= EMBEDDING_TOLERANCE, texts.get("prompts").get(i) + ": " + distance);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Golden.IMMICH, Golden.HF})
    void zeroShotFromBytesMatchesClipBenchmark(String name) throws IOException, ImageException {
        Bundle bundle = Bundle.load(Golden.model(name));
        ClipTokenizer tokenizer = bundle.tokenizer(ClipTokenizer::load);
        JsonNode reference = Golden.json("zeroshot.json");
        try (ClipModel model = ClipModel.open(bundle, CPU)) {
            ZeroShotHead head = ZeroShotHead.build(strings(reference.get("classes")), strings(reference.get("templates")),
                    model, prompts -> tokenizer.tokenize(prompts, bundle.contextLength()));
            float[][] probabilities = head.probabilities(embedImages(bundle, model, strings(reference.get("images"))));
            double max = 0;
            for (int i = 0; i < probabilities.length; i++) {
                float[] expected = Golden.floats(reference.get("probabilities").get(i));
                for (int c = 0; c < expected.length; c++) {
                    max = Math.max(max, Math.abs(probabilities[i][c] - expected[c]));
                }
            }
            Golden.figure(name + " zero-shot probabilities from bytes max abs diff", max);
            assertTrue(max <= PROBABILITY_TOLERANCE, "max abs diff " + max);
        }
    }
}
