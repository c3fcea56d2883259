package io.clipbatch.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The optional libjpeg-turbo path: Pillow's pixels for every golden JPEG it accepts, the pure-Java path
 * when it is switched off, and libjpeg-turbo's own complaints (truncation, corruption) left to the
 * pure-Java path's verdicts.
 */
class NativeJpegTest {

    private static void assumeNative() {
        assumeTrue(TurboJpeg.available(), "libturbojpeg absent (" + TurboJpeg.unavailableReason()
                + "): install Debian's libturbojpeg0 to test the native JPEG path");
    }

    @Test
    void nativeDecodeGivesPillowsPixelsForEveryGoldenJpeg() throws ImageException {
        assumeNative();
        int decoded = 0;
        Set<String> seen = new HashSet<>();
        for (JsonNode c : GoldenImages.manifest().get("cases")) {
            String input = c.get("input").asText();
            if (!input.endsWith(".jpg") || !seen.add(input)) {
                continue;
            }
            byte[] data = GoldenImages.bytes(input);
            JpegMarkers markers = JpegMarkers.scan(data);
            int components = markers.componentIds.length;
            if (components != 1 && components != 3) {
                continue; // CMYK and YCCK always take the pure-Java path
            }
            PillowImage image = TurboJpeg.decode(data, markers.width, markers.height, components, 8);
            assertNotNull(image, input + ": libjpeg-turbo refused a file Pillow decodes");
            assertEquals(c.get("decoded").get("sha256").asText(), GoldenImages.sha256(image), input);
            assertArrayEquals(JpegDecoder.decodeWithImageIo(data, markers).image().samples(), image.samples(), input);
            decoded++;
        }
        assertEquals(true, decoded >= 8, "only " + decoded + " golden JPEGs went through libjpeg-turbo");
    }

    @Test
    void truncatedAndCorruptFilesAreLeftToThePureJavaVerdicts() {
        assumeNative();
        for (String input : new String[] {"inputs/truncated.jpg", "inputs/skimage_truncated.jpg"}) {
            byte[] data = GoldenImages.bytes(input);
            JpegMarkers markers = JpegMarkers.scan(data);
            assertNull(TurboJpeg.decode(data, markers.width, markers.height, markers.componentIds.length, 8), input);
        }
    }

    @Test
    void switchingTheNativePathOffFallsBackToPureJava() throws ImageException {
        byte[] data = GoldenImages.bytes("inputs/coffee_420.jpg");
        PillowImage before = ImageDecoder.decode(data, Long.MAX_VALUE).image();
        String old = System.getProperty(TurboJpeg.PROPERTY);
        System.setProperty(TurboJpeg.PROPERTY, "false");
        try {
            assertEquals(false, TurboJpeg.available());
            assertEquals("switched off with -D" + TurboJpeg.PROPERTY + "=false", TurboJpeg.unavailableReason());
            assertArrayEquals(before.samples(), ImageDecoder.decode(data, Long.MAX_VALUE).image().samples());
        } finally {
            if (old == null) {
                System.clearProperty(TurboJpeg.PROPERTY);
            } else {
                System.setProperty(TurboJpeg.PROPERTY, old);
            }
        }
    }
}
