package io.clipbatch.job.demo;

import java.awt.image.BufferedImage;

/**
 * Draws a {@link ShapeScene} exactly as {@code render} in tools/shapes/scenes.py does: integer
 * arithmetic only, each pixel the rounded mean of 4 x 4 samples at units {@code 8x + 2k + 1}.
 */
public final class SceneRasterizer {

    private static final int SIZE = ShapeScene.IMAGE_SIZE;
    private static final int SAMPLES = 4;

    private SceneRasterizer() {
    }

    /** The scene as interleaved RGB bytes, row by row. */
    public static byte[] render(ShapeScene scene) {
        byte[] rgb = new byte[SIZE * SIZE * 3];
        int reach = ShapeScene.extent(scene.radius());
        int[] sample = new int[3];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int[] back = background(scene, x, y);
                int[] pixel = nearShape(scene, x, y, reach) ? supersample(scene, x, y, back, sample) : back;
                for (int c = 0; c < 3; c++) {
                    rgb[(y * SIZE + x) * 3 + c] = (byte) pixel[c];
                }
            }
        }
        return rgb;
    }

    /** The scene as a 64 x 64 RGB image, ready for ImageIO. */
    public static BufferedImage image(ShapeScene scene) {
        byte[] rgb = render(scene);
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < SIZE * SIZE; i++) {
            int packed = (rgb[3 * i] & 0xFF) << 16 | (rgb[3 * i + 1] & 0xFF) << 8 | (rgb[3 * i + 2] & 0xFF);
            image.setRGB(i % SIZE, i / SIZE, packed);
        }
        return image;
    }

    /** Whether pixel (x, y) may touch the shape; elsewhere all 16 samples are background. */
    private static boolean nearShape(ShapeScene scene, int x, int y, int reach) {
        int u = ShapeScene.UNITS;
        return x >= (scene.cx() - reach) / u && x <= (scene.cx() + reach) / u
                && y >= (scene.cy() - reach) / u && y <= (scene.cy() + reach) / u;
    }

    private static int[] supersample(ShapeScene scene, int x, int y, int[] back, int[] sample) {
        int[] sum = new int[3];
        for (int j = 0; j < SAMPLES; j++) {
            int v = 2 * (SAMPLES * y + j) + 1;
            for (int k = 0; k < SAMPLES; k++) {
                int u = 2 * (SAMPLES * x + k) + 1;
                int[] colour = inside(scene.shape(), u - scene.cx(), v - scene.cy(), scene.radius())
                        ? fill(scene, u, v, sample) : back;
                for (int c = 0; c < 3; c++) {
                    sum[c] += colour[c];
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            sum[c] = (sum[c] + 8) >> 4;
        }
        return sum;
    }

    /** Whether offsets (dx, dy) from the centre fall inside the shape of radius r (all in units). */
    static boolean inside(int shape, int dx, int dy, int r) {
        int ax = Math.abs(dx);
        int ay = Math.abs(dy);
        switch (shape) {
            case 0: // circle
                return dx * dx + dy * dy <= r * r;
            case 1: { // square, about the circle's area
                int half = r * 7 / 8;
                return ax <= half && ay <= half;
            }
            case 2: { // triangle, apex up, centred on its centroid
                int top = r * 3 / 2;
                int base = top / 2;
                int halfWidth = top * 13 / 15;
                return dy <= base && (dy + top) * halfWidth >= ax * (base + top);
            }
            case 3: // diamond
                return ax + ay <= r * 5 / 4;
            case 4: { // cross (plus sign)
                int arm = r * 6 / 5;
                int half = r * 2 / 5;
                return (ax <= half && ay <= arm) || (ay <= half && ax <= arm);
            }
            default:
                throw new IllegalArgumentException("no shape " + shape);
        }
    }

    /** The shape's colour at sample (u, v): plain, striped (darker bands) or dotted (lighter dots). */
    private static int[] fill(ShapeScene scene, int u, int v, int[] out) {
        int[] rgb = scene.rgb();
        int p = scene.period();
        for (int c = 0; c < 3; c++) {
            out[c] = rgb[c];
        }
        if (scene.texture() == 1) {
            int along = switch (scene.stripeAxis()) {
                case 0 -> u;
                case 1 -> v;
                case 2 -> u + v;
                default -> u - v + ShapeScene.CANVAS;
            };
            if (along / p % 2 == 1) {
                for (int c = 0; c < 3; c++) {
                    out[c] = rgb[c] * 3 / 5;
                }
            }
        } else if (scene.texture() == 2) {
            int du = u % p - p / 2;
            int dv = v % p - p / 2;
            if (16 * (du * du + dv * dv) <= p * p) {
                for (int c = 0; c < 3; c++) {
                    out[c] = (rgb[c] + 255) / 2;
                }
            }
        }
        return out;
    }

    /** The pixel's background: plain, a two-colour ramp along one axis, or hashed grey noise. */
    private static int[] background(ShapeScene scene, int x, int y) {
        int[] a = scene.bgA();
        int[] out = new int[3];
        switch (scene.background()) {
            case 0 -> System.arraycopy(a, 0, out, 0, 3);
            case 1 -> {
                int[] b = scene.bgB();
                int t = scene.bgAxis() == 0 ? y : x;
                int last = SIZE - 1;
                for (int c = 0; c < 3; c++) {
                    out[c] = (a[c] * (last - t) + b[c] * t + last / 2) / last;
                }
            }
            default -> {
                long index = (long) y * SIZE + x + 1;
                long hashed = SplitMix64.mix64(scene.noiseSeed() + index * SplitMix64.GOLDEN_GAMMA);
                int level = (int) (hashed >>> 56);
                int amp = scene.noiseAmp();
                int offset = ((level * (2 * amp + 1)) >> 8) - amp;
                for (int c = 0; c < 3; c++) {
                    out[c] = ShapeScene.clamp(a[c] + offset);
                }
            }
        }
        return out;
    }
}
