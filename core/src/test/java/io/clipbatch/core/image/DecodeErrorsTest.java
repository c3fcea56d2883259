package io.clipbatch.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Files the reference refuses give an {@link ImageException} with a short reason, never a crash. */
class DecodeErrorsTest {
    private final Preprocessor preprocessor = new Preprocessor(PreprocessConfig.openai(224));

    @TestFactory
    Stream<DynamicTest> corruptGoldenFilesGiveTheirReason() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode e : GoldenImages.manifest().get("errors")) {
            String input = e.get("input").asText();
            tests.add(DynamicTest.dynamicTest(input, () -> {
                ImageException thrown = assertThrows(ImageException.class,
                        () -> preprocessor.preprocess(GoldenImages.bytes(input)));
                assertEquals(e.get("reason").asText(), thrown.getMessage(), "Pillow said: " + e.get("pillow_error"));
            }));
        }
        return tests.stream();
    }

    @Test
    void nullAndEmptyAreEmptyFiles() {
        assertEquals("decode: empty file",
                assertThrows(ImageException.class, () -> preprocessor.preprocess(new byte[0])).reason());
        assertEquals("decode: empty file",
                assertThrows(ImageException.class, () -> preprocessor.preprocess((byte[]) null)).reason());
    }

    @Test
    void otherFormatsAreNamed() {
        byte[] ico = {0, 0, 1, 0, 1, 0, 16, 16, 0, 0};
        assertEquals("decode: unsupported image format ICO",
                assertThrows(ImageException.class, () -> preprocessor.preprocess(ico)).reason());
    }

    /** TIFFs Pillow opens but the decoder declines on purpose (lossy, modes the pipeline cannot follow). */
    @TestFactory
    Stream<DynamicTest> refusedTiffsGiveTheirReason() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode e : GoldenImages.manifest().get("refused")) {
            String input = e.get("input").asText();
            tests.add(DynamicTest.dynamicTest(input, () -> {
                ImageException thrown = assertThrows(ImageException.class,
                        () -> preprocessor.preprocess(GoldenImages.bytes(input)));
                assertEquals(e.get("reason").asText(), thrown.getMessage(), e.get("why").asText());
            }));
        }
        return tests.stream();
    }

    @Test
    void brokenTiffsAreValues() {
        byte[] emptyIfd = {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0};
        assertEquals("decode: invalid image size 0x0",
                assertThrows(ImageException.class, () -> preprocessor.preprocess(emptyIfd)).reason());
        byte[] badOffset = {'M', 'M', 0, 42, 0, 0, 0, 2};
        assertEquals("decode: corrupt TIFF (IFD offset 2)",
                assertThrows(ImageException.class, () -> preprocessor.preprocess(badOffset)).reason());
        byte[] tiff = GoldenImages.bytes("inputs/rgb_lzw.tif");
        for (int length = 1; length < tiff.length; length += 97) {
            byte[] cut = java.util.Arrays.copyOf(tiff, length);
            ImageException thrown = assertThrows(ImageException.class, () -> preprocessor.preprocess(cut));
            assertTrue(thrown.reason().startsWith("decode: "), thrown.reason());
        }
    }

    @Test
    void tiffBombIsRefusedFromTheIfdAlone() {
        // Only an IFD announcing 30000 x 30000 pixels, no strips at all.
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 2 * 12 + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        tiff.put(new byte[] {'I', 'I', 42, 0}).putInt(8).putShort((short) 2);
        tiff.putShort((short) 256).putShort((short) 4).putInt(1).putInt(30_000);
        tiff.putShort((short) 257).putShort((short) 4).putInt(1).putInt(30_000);
        ImageException thrown = assertThrows(ImageException.class, () -> preprocessor.preprocess(tiff.array()));
        assertEquals("decode: too many pixels (30000x30000 > 178956970)", thrown.reason());
    }

    @Test
    void everyTruncationOfAJpegIsAValueNotACrash() {
        byte[] jpeg = GoldenImages.bytes("inputs/odd_17x9.jpg");
        for (int length = 1; length < jpeg.length - 2; length += 7) {
            byte[] cut = java.util.Arrays.copyOf(jpeg, length);
            ImageException thrown = assertThrows(ImageException.class, () -> preprocessor.preprocess(cut));
            assertTrue(thrown.reason().startsWith("decode: "), thrown.reason());
        }
    }

    @Test
    void exceptionsAreCheapValues() {
        ImageException e = new ImageException("decode: empty file");
        assertEquals(0, e.getStackTrace().length);
        assertNull(e.getCause());
    }

    @Test
    void bombIsRefusedFromTheHeaderAlone() {
        // A PNG that only announces 20000 x 20000 pixels: refused before any pixel data is needed.
        byte[] png = pngHeaderOnly(20_000, 20_000);
        ImageException thrown = assertThrows(ImageException.class, () -> preprocessor.preprocess(png));
        assertEquals("decode: too many pixels (20000x20000 > 178956970)", thrown.reason());
    }

    @Test
    void bombLimitIsConfigurable() throws ImageException {
        byte[] image = GoldenImages.bytes("inputs/odd_225.png"); // 225 x 225 = 50625 pixels
        Preprocessor strict = new Preprocessor(PreprocessConfig.openai(224), new PreprocessOptions(false, 50_624));
        assertEquals("decode: too many pixels (225x225 > 50624)",
                assertThrows(ImageException.class, () -> strict.preprocess(image)).reason());
        Preprocessor justEnough = new Preprocessor(PreprocessConfig.openai(224), new PreprocessOptions(false, 50_625));
        assertEquals(224, justEnough.prepareRgb(image).width());
        byte[] jpeg = GoldenImages.bytes("inputs/coffee_420.jpg"); // 360 x 240
        Preprocessor strictJpeg = new Preprocessor(PreprocessConfig.openai(224), new PreprocessOptions(false, 1000));
        assertEquals("decode: too many pixels (360x240 > 1000)",
                assertThrows(ImageException.class, () -> strictJpeg.preprocess(jpeg)).reason());
    }

    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] body) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.writeBytes(body);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(body);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
