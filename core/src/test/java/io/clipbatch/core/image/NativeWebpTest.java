package io.clipbatch.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The optional libwebp path: Pillow's mode and pixels for every golden WebP, lossy ones included, decoded
 * and after the whole crop (max diff 0); Pillow's refusals; and the pure-Java path when it is switched off.
 */
class NativeWebpTest {

    private static void assumeNative() {
        assumeTrue(LibWebp.available(), "libwebp absent (" + LibWebp.unavailableReason()
                + "): install Debian's libwebp7 and libwebpdemux2 to test the native WebP path");
    }

    @TestFactory
    Stream<DynamicTest> everyWebpCaseIsBitExact() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : GoldenImages.manifest().get("cases")) {
            if (c.get("input").asText().endsWith(".webp")) {
                tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
            }
        }
        assertTrue(tests.size() >= 12, "only " + tests.size() + " WebP cases in the manifest");
        return tests.stream();
    }

    private static void check(JsonNode c) throws ImageException {
        assumeNative();
        byte[] input = GoldenImages.bytes(c.get("input").asText());
        PillowImage decoded = ImageDecoder.decode(input, Long.MAX_VALUE).image();
        JsonNode expected = c.get("decoded");
        assertEquals(expected.get("mode").asText(), decoded.mode().pillowName());
        assertEquals(expected.get("sha256").asText(), GoldenImages.sha256(decoded), "decoded pixels differ");
        Preprocessor preprocessor = new Preprocessor(GoldenImages.config(c));
        byte[] rgb = preprocessor.prepareRgb(input).samples();
        double[] diff = GoldenImages.diff(rgb, GoldenImages.expectedRgb(c.get("expected").asText(),
                preprocessor.config().size()));
        assertEquals(0.0, diff[0], "crop max diff (mean " + diff[1] + ")");
    }

    @Test
    void corruptBitstreamIsRefusedLikePillow() {
        assumeNative();
        byte[] data = GoldenImages.bytes("inputs/lossy_q50.webp").clone();
        // The VP8 frame's start code (after RIFF, WEBP, the chunk header and the 3-byte frame tag).
        data[12 + 8 + 3] = 0;
        ImageException e = assertThrows(ImageException.class, () -> ImageDecoder.decode(data, Long.MAX_VALUE));
        assertTrue(e.reason().startsWith("decode: corrupt WEBP (libwebp"), e.reason());
    }

    @Test
    void pixelLimitIsCheckedBeforeDecoding() {
        assumeNative();
        byte[] data = GoldenImages.bytes("inputs/lossy_odd_301x227.webp");
        ImageException e = assertThrows(ImageException.class, () -> ImageDecoder.decode(data, 301L * 227 - 1));
        assertEquals("decode: too many pixels (301x227 > 68326)", e.reason());
    }

    @Test
    void switchingTheNativePathOffFallsBackToPureJava() throws Exception {
        byte[] data = GoldenImages.bytes("inputs/lossy_q50.webp");
        String old = System.getProperty(LibWebp.PROPERTY);
        System.setProperty(LibWebp.PROPERTY, "false");
        try {
            assertEquals(false, LibWebp.available());
            assertEquals("switched off with -D" + LibWebp.PROPERTY + "=false", LibWebp.unavailableReason());
            assertArrayEquals(WebpDecoder.decodeWithImageIo(data, Long.MAX_VALUE).samples(),
                    ImageDecoder.decode(data, Long.MAX_VALUE).image().samples());
        } finally {
            if (old == null) {
                System.clearProperty(LibWebp.PROPERTY);
            } else {
                System.setProperty(LibWebp.PROPERTY, old);
            }
        }
    }
}
