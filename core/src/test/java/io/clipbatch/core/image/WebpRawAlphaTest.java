package io.clipbatch.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Uncompressed alpha in lossy WebP, which the pure-Java path reads itself: the golden file (libwebp stored
 * its noisy alpha raw) gets libwebp's alpha, which {@link NativeWebpTest} shows to be Pillow's; and the same
 * plane stored under each prediction filter (the file rewritten here) decodes to the same alpha, in both
 * paths.
 */
class WebpRawAlphaTest {
    private static final String INPUT = "inputs/lossy_alpha_odd_45x31.webp";
    private static final int WIDTH = 45;
    private static final int HEIGHT = 31;

    @Test
    void rawAlphaIsLibwebps() throws Exception {
        assumeTrue(LibWebp.available(), "libwebp absent (" + LibWebp.unavailableReason()
                + "): install Debian's libwebp7 and libwebpdemux2 to compare with Pillow's alpha");
        byte[] data = GoldenImages.bytes(INPUT);
        assertArrayEquals(alpha(LibWebp.decode(data, Long.MAX_VALUE)),
                alpha(WebpDecoder.decodeWithImageIo(data, Long.MAX_VALUE)));
    }

    @Test
    void everyFilterUndoesToTheSamePlane() throws Exception {
        byte[] data = GoldenImages.bytes(INPUT);
        byte[] plane = alpha(WebpDecoder.decodeWithImageIo(data, Long.MAX_VALUE));
        for (int filter = 1; filter <= 3; filter++) {
            byte[] filtered = withFilteredAlpha(data, plane, filter);
            assertArrayEquals(plane, alpha(WebpDecoder.decodeWithImageIo(filtered, Long.MAX_VALUE)), "filter " + filter);
            if (LibWebp.available()) {
                assertArrayEquals(plane, alpha(LibWebp.decode(filtered, Long.MAX_VALUE)), "libwebp, filter " + filter);
            }
        }
    }

    private static byte[] alpha(PillowImage rgba) {
        assertEquals(PillowMode.RGBA, rgba.mode());
        byte[] samples = rgba.samples();
        byte[] alpha = new byte[samples.length / 4];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = samples[4 * i + 3];
        }
        return alpha;
    }

    /** The file with its raw ALPH body replaced by {@code plane} filtered as libwebp's encoder filters it. */
    private static byte[] withFilteredAlpha(byte[] data, byte[] plane, int filter) {
        byte[] out = data.clone();
        int body = indexOf(out, "ALPH") + 8;
        assertEquals(0, out[body] & 0xFF, "the golden file's alpha is raw and unfiltered");
        out[body] = (byte) (filter << 2);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                out[body + 1 + y * WIDTH + x] = (byte) (at(plane, x, y) - predicted(plane, filter, x, y));
            }
        }
        return out;
    }

    private static int predicted(byte[] plane, int filter, int x, int y) {
        if (y == 0) {
            return x == 0 ? 0 : at(plane, x - 1, 0);
        }
        if (x == 0) {
            return at(plane, 0, y - 1);
        }
        return switch (filter) {
            case 1 -> at(plane, x - 1, y);
            case 2 -> at(plane, x, y - 1);
            default -> Math.min(255, Math.max(0, at(plane, x - 1, y) + at(plane, x, y - 1) - at(plane, x - 1, y - 1)));
        };
    }

    private static int at(byte[] plane, int x, int y) {
        return plane[y * WIDTH + x] & 0xFF;
    }

    private static int indexOf(byte[] data, String fourcc) {
        byte[] tag = fourcc.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 12; i + 4 <= data.length; i++) {
            if (data[i] == tag[0] && data[i + 1] == tag[1] && data[i + 2] == tag[2] && data[i + 3] == tag[3]) {
                return i;
            }
        }
        throw new AssertionError(fourcc + " not found");
    }
}
