package io.clipbatch.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden case: the Java crop against Pillow's, bit for bit for lossless files and JPEGs
 * (decoded natively by libjpeg-turbo when it is installed, else by the pure-Java path; both must
 * match Pillow's libjpeg-turbo exactly) and for lossy WebP when libwebp is installed, else within
 * the pure-Java path's bounds ({@link WebpFallbackTest}); and the tensor's sha256 against
 * torchvision's for exact cases.
 * Measured figures go to target/golden-image-diffs.txt.
 */
class GoldenPreprocessTest {
    /** JPEG crops are bit-exact, as the README promises, whichever decoder ran. */
    static final int JPEG_TOLERANCE = 0;

    private static final List<String> REPORT = new ArrayList<>();

    @TestFactory
    Stream<DynamicTest> casesMatchPillowAndTorchvision() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : GoldenImages.manifest().get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> decodedPixelsMatchPillow() {
        List<DynamicTest> tests = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode c : GoldenImages.manifest().get("cases")) {
            String input = c.get("input").asText();
            if (seen.add(input)) {
                tests.add(DynamicTest.dynamicTest(input, () -> checkDecoded(input, c)));
            }
        }
        return tests.stream();
    }

    /** Mode, size and every decoded sample as Pillow's {@code Image.open(...).load()} holds them. */
    private static void checkDecoded(String input, JsonNode c) throws ImageException {
        JsonNode expected = c.get("decoded");
        PillowImage image = ImageDecoder.decode(GoldenImages.bytes(input), Long.MAX_VALUE).image();
        assertEquals(expected.get("mode").asText(), image.mode().pillowName());
        assertEquals(expected.get("size").get(0).asInt(), image.width());
        assertEquals(expected.get("size").get(1).asInt(), image.height());
        String sha = GoldenImages.sha256(image);
        synchronized (REPORT) {
            REPORT.add(String.format("decoded %-34s %-10s %-5s %s", input, c.get("kind").asText(),
                    image.mode().pillowName(), sha.equals(expected.get("sha256").asText()) ? "exact" : "DIFFERS"));
        }
        if (!c.get("kind").asText().equals("lossy-webp") || LibWebp.available()) {
            assertEquals(expected.get("sha256").asText(), sha, "decoded pixels differ from Pillow's");
        }
    }

    private static void check(JsonNode c) throws ImageException {
        PreprocessConfig config = GoldenImages.config(c);
        PreprocessOptions options = new PreprocessOptions(c.get("exif_transpose").asBoolean(),
                PreprocessOptions.defaults().maxPixels());
        Preprocessor preprocessor = new Preprocessor(config, options);
        byte[] input = GoldenImages.bytes(c.get("input").asText());
        PillowImage rgb = preprocessor.prepareRgb(input);
        int size = config.size();
        assertEquals(size, rgb.width());
        assertEquals(size, rgb.height());
        byte[] expected = GoldenImages.expectedRgb(c.get("expected").asText(), size);
        double[] diff = GoldenImages.diff(rgb.samples(), expected);
        String kind = c.get("kind").asText();
        synchronized (REPORT) {
            REPORT.add(String.format("%-40s %-10s %-5s max %3.0f mean %.4f", c.get("id").asText(), kind,
                    c.get("pillow_mode").asText(), diff[0], diff[1]));
        }
        switch (kind) {
            case "lossless":
                assertArrayEquals(expected, rgb.samples(), "not bit-exact: max diff " + diff[0]);
                float[] tensor = preprocessor.preprocess(input);
                assertEquals(c.get("tensor_sha256").asText(), GoldenImages.sha256(tensor));
                for (int i = 0; i < 8; i++) {
                    assertEquals((float) c.get("tensor_first").get(i).asDouble(), tensor[i]);
                }
                break;
            case "jpeg":
                assertTrue(diff[0] <= JPEG_TOLERANCE, "JPEG max diff " + diff[0] + " > " + JPEG_TOLERANCE);
                break;
            default:
                if (LibWebp.available()) {
                    assertEquals(0.0, diff[0], "lossy WebP through libwebp: max diff");
                } else {
                    WebpFallbackTest.assertWithinBounds(c.get("pillow_mode").asText(), diff);
                }
        }
    }

    @AfterAll
    static void writeReport() throws IOException {
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            REPORT.sort(null);
            Files.write(target.resolve("golden-image-diffs.txt"), REPORT, StandardCharsets.UTF_8);
        }
    }
}
