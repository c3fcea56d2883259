package io.clipbatch.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.core.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a bundle can be broken ends in one sentence that names the file. */
class BrokenBundleTest {

    @TempDir
    Path tmp;

    private String failure(Path bundle) {
        BundleException e = assertThrows(BundleException.class, () -> Bundle.load(bundle));
        String message = e.getMessage();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.endsWith("."), message);
        return message;
    }

    @Test
    void missingPreprocessConfig() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.IMMICH, tmp);
        Files.delete(bundle.resolve("visual/preprocess_cfg.json"));
        assertEquals("Missing file " + bundle.resolve("visual/preprocess_cfg.json") + ".", failure(bundle));
    }

    @Test
    void missingTextTower() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.IMMICH, tmp);
        Files.delete(bundle.resolve("textual/model.onnx"));
        assertEquals("Missing file " + bundle.resolve("textual/model.onnx") + ": the IMMICH layout needs both "
                + "visual/model.onnx and textual/model.onnx.", failure(bundle));
    }

    @Test
    void unparsableConfig() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.IMMICH, tmp);
        Files.writeString(bundle.resolve("config.json"), "{\"embed_dim\": 32,");
        String message = failure(bundle);
        assertTrue(message.startsWith("Unparsable JSON in " + bundle.resolve("config.json") + ": "), message);
    }

    @Test
    void configWithoutEmbedDim() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.IMMICH, tmp);
        Files.writeString(bundle.resolve("config.json"), "{\"text_cfg\": {\"context_length\": 77}}");
        assertEquals("In " + bundle.resolve("config.json") + ", 'embed_dim' is missing.", failure(bundle));
    }

    @Test
    void badPreprocessValues() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.IMMICH, tmp);
        Path cfg = bundle.resolve("visual/preprocess_cfg.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"shortest\"", "\"stretch\""));
        assertEquals("In " + cfg + ", 'resize_mode' is unknown (expected shortest, squash or longest).", failure(bundle));
        Files.writeString(cfg, "{\"size\": [224, 200], \"mean\": [0, 0, 0], \"std\": [1, 1, 1]}");
        assertEquals("In " + cfg + ", 'size' is not one number or two equal numbers.", failure(bundle));
        Files.writeString(cfg, "{\"size\": 224, \"mean\": [0, 0], \"std\": [1, 1, 1]}");
        assertEquals("In " + cfg + ", 'mean' is not a list of 3 numbers.", failure(bundle));
    }

    @Test
    void truncatedModel() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.IMMICH, tmp);
        Path model = bundle.resolve("visual/model.onnx");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(model, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        String message = failure(bundle);
        assertTrue(message.startsWith(model + " is not a readable ONNX model ("), message);
    }

    @Test
    void textFileInsteadOfModel() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.HF, tmp);
        Path model = bundle.resolve("onnx/text_model.onnx");
        Files.writeString(model, "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 1234\n");
        String message = failure(bundle);
        assertTrue(message.startsWith(model + " is not a readable ONNX model ("), message);
    }

    @Test
    void towersOfDifferentWidths() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.IMMICH, tmp);
        Files.copy(Golden.resource("models/odd-width-textual.onnx"), bundle.resolve("textual/model.onnx"),
                StandardCopyOption.REPLACE_EXISTING);
        assertEquals("Embedding widths differ between the towers: " + bundle.resolve("textual/model.onnx")
                + " outputs 16 values but " + bundle.resolve("visual/model.onnx") + " outputs 32.", failure(bundle));
    }

    @Test
    void configWidthDisagreesWithTheGraphs() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.IMMICH, tmp);
        Path config = bundle.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"embed_dim\": 32", "\"embed_dim\": 512"));
        assertEquals(bundle.resolve("visual/model.onnx") + " outputs 32-wide embeddings but " + config
                + " says 512.", failure(bundle));
    }

    @Test
    void contextLengthDisagreesWithTheGraph() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.IMMICH, tmp);
        Path config = bundle.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"context_length\": 77", "\"context_length\": 64"));
        assertEquals(bundle.resolve("textual/model.onnx") + " takes 77 tokens but " + config
                + " says a context length of 64.", failure(bundle));
    }

    @Test
    void imageSizeDisagreesWithTheGraph() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.FIXED1, tmp);
        Path cfg = bundle.resolve("visual/preprocess_cfg.json");
        Files.writeString(cfg, Files.readString(cfg).replace("224", "256"));
        assertEquals(bundle.resolve("visual/model.onnx") + " takes 224x224 images but " + cfg + " says 256.",
                failure(bundle));
    }

    @Test
    void unknownLayout() throws IOException {
        Path bundle = Files.createDirectories(tmp.resolve("not-a-model"));
        Files.writeString(bundle.resolve("model.onnx"), "x");
        assertEquals(bundle + " is not a CLIP bundle: expected visual/model.onnx + textual/model.onnx + config.json "
                + "(Immich) or onnx/vision_model.onnx + onnx/text_model.onnx + config.json (HF optimum).", failure(bundle));
    }

    @Test
    void notADirectory() {
        Path missing = tmp.resolve("nowhere");
        assertEquals("Model bundle " + missing + " is not a directory.", failure(missing));
    }

    @Test
    void hfCropDifferentFromResize() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.HF, tmp);
        Path cfg = bundle.resolve("preprocessor_config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"shortest_edge\": 224", "\"shortest_edge\": 256"));
        assertEquals("In " + cfg + ", 'crop_size' (224) differs from size (256), and resize-then-crop to another "
                + "size is not supported.", failure(bundle));
    }

    @Test
    void hfUnknownResample() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.HF, tmp);
        Path cfg = bundle.resolve("preprocessor_config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"resample\": 3", "\"resample\": 1"));
        assertEquals("In " + cfg + ", 'resample' is 1 (expected 3 bicubic, 2 bilinear or 0 nearest).", failure(bundle));
    }

    @Test
    void hfSquashWithoutCrop() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.HF, tmp);
        Path cfg = bundle.resolve("preprocessor_config.json");
        Files.writeString(cfg, "{\"do_center_crop\": false, \"size\": {\"height\": 224, \"width\": 224}, \"resample\": 2}");
        Bundle loaded = Bundle.load(bundle);
        assertEquals(io.clipbatch.core.image.ResizeMode.SQUASH, loaded.preprocess().resizeMode());
        assertEquals("bilinear", loaded.preprocess().interpolation());
    }

    @Test
    void vocabWithoutMerges() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.HF, tmp);
        Files.delete(bundle.resolve("merges.txt"));
        assertEquals("Missing file " + bundle.resolve("merges.txt") + ": it must sit beside "
                + bundle.resolve("vocab.json") + ".", failure(bundle));
    }

    @Test
    void noTokenizerIsReportedWhenOneIsNeeded() throws IOException {
        Path bundle = BundleFixtures.copy(Golden.IMMICH, tmp);
        Files.delete(bundle.resolve("textual/vocab.json"));
        Files.delete(bundle.resolve("textual/merges.txt"));
        Bundle loaded = Bundle.load(bundle);
        BundleException e = assertThrows(BundleException.class, loaded::tokenizerFile);
        assertEquals("Model bundle " + bundle + " has no tokenizer: expected bpe_simple_vocab_16e6.txt.gz, "
                + "vocab.json + merges.txt, or tokenizer.json in textual/ or the bundle folder.", e.getMessage());
    }
}
