package io.clipbatch.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The pure-Java WebP path (TwelveMonkeys), whether libwebp is installed or not: every lossy golden case
 * opens in Pillow's mode and its crop stays within the bounds the README states for machines without libwebp.
 */
class WebpFallbackTest {
    /** Largest difference of an opaque file's crop: TwelveMonkeys' VP8 reconstruction is not libwebp's. */
    static final int OPAQUE_MAX_LEVELS = 74;
    /**
     * Largest mean difference of any crop. With alpha there is no useful maximum: Pillow un-premultiplies after
     * resizing, which multiplies the colour difference of nearly transparent pixels up to 255 levels.
     */
    static final double MEAN_LEVELS = 13;

    @TestFactory
    Stream<DynamicTest> lossyCasesStayWithinTheDocumentedBound() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : GoldenImages.manifest().get("cases")) {
            if (c.get("kind").asText().equals("lossy-webp")) {
                tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
            }
        }
        assertTrue(tests.size() >= 10, "only " + tests.size() + " lossy WebP cases in the manifest");
        return tests.stream();
    }

    private static void check(JsonNode c) throws Exception {
        Preprocessor preprocessor = new Preprocessor(GoldenImages.config(c));
        PillowImage decoded = WebpDecoder.decodeWithImageIo(GoldenImages.bytes(c.get("input").asText()), Long.MAX_VALUE);
        assertEquals(c.get("pillow_mode").asText(), decoded.mode().pillowName());
        PillowImage rgb = RgbConversion.toRgb(preprocessor.resizeAndCrop(decoded));
        double[] diff = GoldenImages.diff(rgb.samples(), GoldenImages.expectedRgb(c.get("expected").asText(),
                preprocessor.config().size()));
        System.out.printf("fallback %-34s max %3.0f mean %.4f%n", c.get("id").asText(), diff[0], diff[1]);
        assertWithinBounds(c.get("pillow_mode").asText(), diff);
    }

    /** {@code diff} (max, mean) of a lossy WebP crop decoded by the pure-Java path, for an image of that mode. */
    static void assertWithinBounds(String pillowMode, double[] diff) {
        assertTrue(diff[1] <= MEAN_LEVELS, "fallback mean diff " + diff[1] + " > " + MEAN_LEVELS);
        if (!pillowMode.equals("RGBA")) {
            assertTrue(diff[0] <= OPAQUE_MAX_LEVELS, "fallback max diff " + diff[0] + " > " + OPAQUE_MAX_LEVELS);
        }
    }
}
