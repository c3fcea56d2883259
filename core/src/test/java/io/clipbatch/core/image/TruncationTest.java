package io.clipbatch.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Cut-off copies of every golden input: refused exactly when Pillow refuses them (libjpeg and the JDK
 * readers are more forgiving than Pillow, which wants the whole first frame), and when Pillow accepts
 * one (only trailing chunks missing) the result equals the whole file's.
 */
class TruncationTest {
    private final Preprocessor preprocessor = new Preprocessor(PreprocessConfig.openai(64));

    @TestFactory
    Stream<DynamicTest> truncatedFilesAreRefusedLikePillow() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode t : GoldenImages.manifest().get("truncations")) {
            String input = t.get("input").asText();
            int length = t.get("length").asInt();
            boolean pillowRefuses = !t.get("pillow_error").isNull();
            tests.add(DynamicTest.dynamicTest(input + " cut to " + length, () -> {
                byte[] whole = GoldenImages.bytes(input);
                byte[] cut = Arrays.copyOf(whole, length);
                if (pillowRefuses) {
                    ImageException e = assertThrows(ImageException.class, () -> preprocessor.preprocess(cut),
                            "Pillow said " + t.get("pillow_error").asText());
                    assertTrue(e.reason().startsWith("decode: "), e.reason());
                } else {
                    assertEquals(GoldenImages.sha256(preprocessor.preprocess(whole)),
                            GoldenImages.sha256(preprocessor.preprocess(cut)));
                }
            }));
        }
        return tests.stream();
    }
}
