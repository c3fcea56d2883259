package io.clipbatch.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The optimised resampler (crop windows, transposed strips, int rows) against Pillow's convolution
 * written out plainly here, loop for loop as Resample.c has it: the same bytes for random images of
 * every 8-bit mode, shrinking and enlarging, on either axis or both, whole or through any window.
 * The golden tests compare with Pillow itself; this one reaches the shapes they do not.
 */
class ResamplerEquivalenceTest {
    private static final int HALF = 1 << (ResampleKernel.PRECISION_BITS - 1);

    @Test
    void windowsOfRandomResizesAreBitIdenticalToThePlainConvolution() {
        Random random = new Random(20240607);
        PillowMode[] modes = {PillowMode.L, PillowMode.LA, PillowMode.RGB, PillowMode.RGBA, PillowMode.CMYK};
        for (int trial = 0; trial < 300; trial++) {
            PillowMode mode = modes[trial % modes.length];
            int inWidth = 1 + random.nextInt(trial < 200 ? 160 : 700);
            int inHeight = 1 + random.nextInt(trial < 200 ? 160 : 300);
            int outWidth = random.nextInt(4) == 0 ? inWidth : 1 + random.nextInt(200);
            int outHeight = random.nextInt(4) == 0 ? inHeight : 1 + random.nextInt(200);
            ResampleFilter filter = random.nextBoolean() ? ResampleFilter.BICUBIC : ResampleFilter.BILINEAR;
            PillowImage image = randomImage(random, mode, inWidth, inHeight);
            int left = random.nextInt(outWidth);
            int top = random.nextInt(outHeight);
            int width = 1 + random.nextInt(outWidth - left);
            int height = 1 + random.nextInt(outHeight - top);
            String what = mode.pillowName() + " " + inWidth + "x" + inHeight + " -> " + outWidth + "x" + outHeight
                    + " window " + width + "x" + height + "+" + left + "+" + top + " " + filter;

            PillowImage expected = plainResize(image, outWidth, outHeight, filter);
            PillowImage whole = Resampler.resize(image, outWidth, outHeight, filter);
            assertArrayEquals(expected.samples(), whole.samples(), what + " (whole)");

            PillowImage window = Resampler.resizeWindow(image, outWidth, outHeight, filter, left, top, width, height);
            assertEquals(width, window.width(), what);
            assertEquals(height, window.height(), what);
            assertArrayEquals(CenterCrop.window(expected, left, top, width, height, 0).samples(), window.samples(),
                    what + " (window)");
        }
    }

    private static PillowImage randomImage(Random random, PillowMode mode, int width, int height) {
        byte[] samples = new byte[width * height * mode.bands()];
        // Smooth content with noise: large steps make the bicubic lobes overshoot and clip, as photos do.
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt(256) : (i * 7 / mode.bands()) % 256);
        }
        return PillowImage.ofBytes(mode, width, height, samples);
    }

    /** Pillow 9.4's ImagingResample for 8-bit images, as plainly as C has it (alpha premultiplied around it). */
    private static PillowImage plainResize(PillowImage image, int width, int height, ResampleFilter filter) {
        if (image.width() == width && image.height() == height) {
            return image;
        }
        PillowImage in = image.mode().hasAlpha() ? Premultiplied.premultiply(image) : image;
        int bands = in.mode().bands();
        byte[] current = in.samples();
        int currentWidth = in.width();
        int currentHeight = in.height();
        ResampleKernel vertical = ResampleKernel.of(currentHeight, height, filter);
        int firstRow = vertical.first[0];
        int lastRow = vertical.first[height - 1] + vertical.count[height - 1];
        if (width != currentWidth) {
            ResampleKernel k = ResampleKernel.of(currentWidth, width, filter);
            int rows = lastRow - firstRow;
            byte[] out = new byte[width * rows * bands];
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < width; x++) {
                    for (int b = 0; b < bands; b++) {
                        int ss = HALF;
                        for (int i = 0; i < k.count[x]; i++) {
                            int sample = current[((y + firstRow) * currentWidth + k.first[x] + i) * bands + b] & 0xFF;
                            ss += sample * k.fixedWeights[x * k.ksize + i];
                        }
                        out[(y * width + x) * bands + b] = clip8(ss);
                    }
                }
            }
            current = out;
            currentWidth = width;
        } else {
            firstRow = 0; // Pillow runs the vertical pass on the whole input when there was no horizontal one
        }
        if (height != currentHeight) {
            byte[] out = new byte[currentWidth * height * bands];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < currentWidth; x++) {
                    for (int b = 0; b < bands; b++) {
                        int ss = HALF;
                        for (int i = 0; i < vertical.count[y]; i++) {
                            int row = vertical.first[y] + i - firstRow;
                            ss += (current[(row * currentWidth + x) * bands + b] & 0xFF)
                                    * vertical.fixedWeights[y * vertical.ksize + i];
                        }
                        out[(y * currentWidth + x) * bands + b] = clip8(ss);
                    }
                }
            }
            current = out;
        }
        PillowImage resized = PillowImage.ofBytes(in.mode(), width, height, current);
        return image.mode().hasAlpha() ? Premultiplied.unpremultiply(resized) : resized;
    }

    private static byte clip8(int ss) {
        int v = ss >> ResampleKernel.PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
