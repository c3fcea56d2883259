package io.clipbatch.core.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.core.Golden;
import io.clipbatch.core.image.PreprocessConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BundleTest {

    @Test
    void loadsTheImmichLayout() {
        Bundle bundle = Bundle.load(Golden.model(Golden.IMMICH));
        assertEquals(BundleLayout.IMMICH, bundle.layout());
        assertEquals("tiny-clip-immich", bundle.name());
        assertEquals(32, bundle.embedDim());
        assertEquals(77, bundle.contextLength());
        assertEquals(PreprocessConfig.openai(224), bundle.preprocess());
        assertEquals(bundle.root().resolve("visual/model.onnx"), bundle.visualModel());
        assertEquals(bundle.root().resolve("textual/model.onnx"), bundle.textualModel());
        assertEquals(bundle.root().resolve("textual/vocab.json"), bundle.tokenizerFile());
    }

    @Test
    void loadsTheHfOptimumLayout() {
        Bundle bundle = Bundle.load(Golden.model(Golden.HF));
        assertEquals(BundleLayout.HF_OPTIMUM, bundle.layout());
        assertEquals(32, bundle.embedDim());
        assertEquals(77, bundle.contextLength());
        assertEquals(PreprocessConfig.openai(224), bundle.preprocess());
        assertEquals(bundle.root().resolve("onnx/vision_model.onnx"), bundle.visualModel());
        assertEquals(bundle.root().resolve("vocab.json"), bundle.tokenizerFile());
    }

    @Test
    void loadsTheFixedBatchVariant() {
        Bundle bundle = Bundle.load(Golden.model(Golden.FIXED1));
        assertEquals(BundleLayout.IMMICH, bundle.layout());
        assertEquals(32, bundle.embedDim());
    }

    @Test
    void readsGraphSignaturesWithoutOnnxRuntime() {
        OnnxSignature immich = OnnxSignature.read(Golden.model(Golden.IMMICH).resolve("visual/model.onnx"));
        assertEquals("[image float32[N,3,224,224]]", immich.inputs().toString());
        assertEquals("[embedding float32[N,32]]", immich.outputs().toString());
        OnnxSignature fixed = OnnxSignature.read(Golden.model(Golden.FIXED1).resolve("visual/model.onnx"));
        assertEquals("[image float16[1,3,224,224]]", fixed.inputs().toString());
        OnnxSignature fixedText = OnnxSignature.read(Golden.model(Golden.FIXED1).resolve("textual/model.onnx"));
        assertEquals("[embedding float16[1,32]]", fixedText.outputs().toString());
        OnnxSignature hfText = OnnxSignature.read(Golden.model(Golden.HF).resolve("onnx/text_model.onnx"));
        assertEquals("[input_ids int64[N,77], attention_mask int64[N,77]]", hfText.inputs().toString());
        assertEquals("text_embeds", TowerSignature.embeddingOutput(hfText.outputs(), 32).name());
        assertEquals("attention_mask", TowerSignature.attentionMask(hfText.inputs()).name());
    }

    @Test
    void picksTheTokenizerFileByPreference(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path bundle = BundleFixtures.copy(Golden.IMMICH, tmp);
        Files.delete(bundle.resolve("textual/vocab.json"));
        Files.writeString(bundle.resolve("textual/tokenizer.json"), "{}");
        assertEquals(bundle.resolve("textual/tokenizer.json"), Bundle.load(bundle).tokenizerFile());
        Files.write(bundle.resolve("bpe_simple_vocab_16e6.txt.gz"), new byte[] {0});
        assertEquals(bundle.resolve("bpe_simple_vocab_16e6.txt.gz"), Bundle.load(bundle).tokenizerFile());
    }

    @Test
    void loadsTheTokenizerOnceAndWrapsItsErrors(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Bundle bundle = Bundle.load(Golden.model(Golden.IMMICH));
        AtomicInteger loads = new AtomicInteger();
        TokenizerLoader<String> loader = file -> "tokenizer #" + loads.incrementAndGet() + " of " + file.getFileName();
        assertEquals("tokenizer #1 of vocab.json", bundle.tokenizer(loader));
        assertSame(bundle.tokenizer(loader), bundle.tokenizer(loader));
        assertEquals(1, loads.get());

        Bundle fresh = Bundle.load(Golden.model(Golden.HF));
        BundleException e = assertThrows(BundleException.class,
                () -> fresh.tokenizer(file -> { throw new IOException("bad merges line 3"); }));
        assertEquals("Cannot read tokenizer file " + fresh.root().resolve("vocab.json") + ": bad merges line 3.",
                e.getMessage());
    }

    @Test
    void survivesSerialization() throws Exception {
        Bundle bundle = Bundle.load(Golden.model(Golden.HF));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(bundle);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Bundle copy = (Bundle) in.readObject();
            assertEquals(bundle.root(), copy.root());
            assertEquals(bundle.preprocess(), copy.preprocess());
            assertEquals(bundle.tokenizerFile(), copy.tokenizerFile());
            assertArrayEquals(bundle.preprocess().mean(), copy.preprocess().mean());
        }
    }

    @Test
    void describesItself() {
        String text = Bundle.load(Golden.model(Golden.IMMICH)).toString();
        assertTrue(text.startsWith("tiny-clip-immich (IMMICH, embed_dim 32, context 77, size=224"), text);
    }
}
