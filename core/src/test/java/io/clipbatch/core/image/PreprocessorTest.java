package io.clipbatch.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The public API: tensor layout, offsets, options, and sharing one instance between threads. */
class PreprocessorTest {
    private static final String[] INPUTS = {"inputs/astronaut_320.png", "inputs/coffee_420.jpg",
        "inputs/rgba_varied_alpha.png", "inputs/anim.gif", "inputs/gray16.png", "inputs/chelsea_cmyk.jpg"};

    @Test
    void normalisationEqualsTorchvisionForEveryByteValue() {
        // float32 [3][256] from torchvision's ToTensor + Normalize over a 0..255 ramp.
        FloatBuffer table = ByteBuffer.wrap(GoldenImages.bytes("normalize_table.bin"))
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        Preprocessor preprocessor = new Preprocessor(PreprocessConfig.openai(224));
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                float expected = table.get(c * 256 + v);
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(preprocessor.normalized(c, v)),
                        "channel " + c + " value " + v);
            }
        }
    }

    @Test
    void tensorIsChwAtTheGivenOffset() throws ImageException {
        Preprocessor preprocessor = new Preprocessor(PreprocessConfig.openai(64));
        assertEquals(3 * 64 * 64, preprocessor.tensorLength());
        byte[] input = GoldenImages.bytes(INPUTS[0]);
        float[] alone = preprocessor.preprocess(input);
        PillowImage rgb = preprocessor.prepareRgb(input);
        int plane = 64 * 64;
        int x = 10;
        int y = 20;
        for (int c = 0; c < 3; c++) {
            assertEquals(preprocessor.normalized(c, rgb.sample(x, y, c)), alone[c * plane + y * 64 + x]);
        }
        float[] batch = new float[2 * preprocessor.tensorLength() + 5];
        preprocessor.preprocess(input, batch, preprocessor.tensorLength() + 5);
        float[] second = java.util.Arrays.copyOfRange(batch, preprocessor.tensorLength() + 5, batch.length);
        assertArrayEquals(alone, second);
        assertEquals(0f, batch[preprocessor.tensorLength() + 4]);

        FloatBuffer direct = ByteBuffer.allocateDirect(4 * (preprocessor.tensorLength() + 3))
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        preprocessor.preprocess(input, direct, 3);
        float[] fromBuffer = new float[preprocessor.tensorLength()];
        direct.get(3, fromBuffer);
        assertArrayEquals(alone, fromBuffer);
        assertThrows(IndexOutOfBoundsException.class, () -> preprocessor.preprocess(input, new float[10], 0));
    }

    @Test
    void exifOrientationIsIgnoredByDefaultAndAppliedOnRequest() throws ImageException {
        byte[] rotated = GoldenImages.bytes("inputs/exif_rot8.png"); // 90 x 50 stored, orientation 8
        PreprocessConfig squash = new PreprocessConfig(32, PreprocessConfig.OPENAI_MEAN, PreprocessConfig.OPENAI_STD,
                "nearest", ResizeMode.SQUASH, 0);
        PillowImage asStored = new Preprocessor(squash).prepareRgb(rotated);
        PillowImage upright = new Preprocessor(squash, new PreprocessOptions(true, Long.MAX_VALUE)).prepareRgb(rotated);
        // ROTATE_90 (counter-clockwise): the stored top-right corner becomes the top-left one.
        assertEquals(asStored.sample(31, 0, 0), upright.sample(0, 0, 0));
        assertEquals(asStored.sample(31, 0, 1), upright.sample(0, 0, 1));
        assertEquals(8, ExifOrientation.read(exifOf(rotated)));
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        Preprocessor shared = new Preprocessor(PreprocessConfig.openai(224));
        List<float[]> expected = new ArrayList<>();
        for (String input : INPUTS) {
            expected.add(shared.preprocess(GoldenImages.bytes(input)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String input : INPUTS) {
                    byte[] bytes = GoldenImages.bytes(input);
                    results.add(pool.submit(() -> shared.preprocess(bytes)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertArrayEquals(expected.get(i % INPUTS.length), results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownInterpolationIsAConfigError() {
        PreprocessConfig lanczos = new PreprocessConfig(224, PreprocessConfig.OPENAI_MEAN, PreprocessConfig.OPENAI_STD,
                "lanczos", ResizeMode.SHORTEST, 0);
        assertThrows(IllegalArgumentException.class, () -> new Preprocessor(lanczos));
    }

    private static byte[] exifOf(byte[] png) {
        for (int pos = 8; pos + 8 <= png.length; ) {
            int length = ByteBuffer.wrap(png, pos, 4).getInt();
            if (new String(png, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("eXIf")) {
                return java.util.Arrays.copyOfRange(png, pos + 8, pos + 8 + length);
            }
            pos += 12 + length;
        }
        return null;
    }
}
