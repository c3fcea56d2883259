package io.clipbatch.udfs.image;

/**
 * Pillow's {@code Image.resize} for the filters CLIP uses, bit for bit (Pillow 9.4, Resample.c and
 * Geometry.c): what Pillow does around the convolution matters as much as the convolution itself.
 * <ul>
 *   <li>same size: the image itself (Pillow copies);</li>
 *   <li>modes {@code 1} and {@code P}: always NEAREST;</li>
 *   <li>{@code LA}/{@code RGBA} with a real filter: premultiply, resample, un-premultiply;</li>
 *   <li>NEAREST: Pillow's affine scale ({@code ImagingScaleAffine}), see {@link NearestScaler};</li>
 *   <li>otherwise the separable convolution: horizontal pass first, then vertical, each skipped when its
 *       axis keeps its size; 8-bit images go through 22-bit fixed point and are clipped to 0..255 after
 *       each pass, mode {@code I} accumulates in double and rounds half away from zero.</li>
 * </ul>
 */
final class Resampler {
    /** Fixed-point accumulators start at one half, so the final shift rounds to nearest. */
    private static final int HALF = 1 << (ResampleKernel.PRECISION_BITS - 1);

    private Resampler() {
    }

    static PillowImage resize(PillowImage image, int width, int height, ResampleFilter filter) {
        if (image.width() == width && image.height() == height) {
            return image;
        }
        PillowMode mode = image.mode();
        if (mode == PillowMode.BILEVEL || mode == PillowMode.P) {
            filter = ResampleFilter.NEAREST;
        }
        if (filter == ResampleFilter.NEAREST) {
            return NearestScaler.scale(image, width, height);
        }
        if (mode.hasAlpha()) {
            PillowImage premultiplied = Premultiplied.premultiply(image);
            return Premultiplied.unpremultiply(convolve(premultiplied, width, height, filter));
        }
        return convolve(image, width, height, filter);
    }

    /** Pillow's {@code ImagingResampleInner}. */
    private static PillowImage convolve(PillowImage image, int width, int height, ResampleFilter filter) {
        boolean needHorizontal = width != image.width();
        boolean needVertical = height != image.height();
        ResampleKernel vertical = ResampleKernel.of(image.height(), height, filter);
        // Only the rows the vertical pass will read need the horizontal pass.
        int firstRow = vertical.first[0];
        int lastRow = vertical.first[height - 1] + vertical.count[height - 1];
        int rowShift = 0;
        PillowImage current = image;
        if (needHorizontal) {
            ResampleKernel horizontal = ResampleKernel.of(image.width(), width, filter);
            current = horizontalPass(image, horizontal, firstRow, lastRow - firstRow);
            rowShift = firstRow;
        }
        if (needVertical) {
            current = verticalPass(current, vertical, rowShift);
        }
        return current;
    }

    private static PillowImage horizontalPass(PillowImage in, ResampleKernel k, int rowOffset, int rows) {
        int outWidth = k.outSize;
        if (in.mode() == PillowMode.I) {
            int[] src = in.ints();
            int[] dst = new int[outWidth * rows];
            for (int y = 0; y < rows; y++) {
                int rowStart = (y + rowOffset) * in.width();
                for (int x = 0; x < outWidth; x++) {
                    int base = x * k.ksize;
                    int from = rowStart + k.first[x];
                    double sum = 0.0;
                    for (int i = 0; i < k.count[x]; i++) {
                        sum += src[from + i] * k.weights[base + i];
                    }
                    dst[y * outWidth + x] = roundHalfAwayFromZero(sum);
                }
            }
            return in.withPixels(outWidth, rows, null, dst);
        }
        int bands = in.mode().bands();
        byte[] src = in.samples();
        byte[] dst = new byte[outWidth * rows * bands];
        for (int y = 0; y < rows; y++) {
            int rowStart = (y + rowOffset) * in.width() * bands;
            int out = y * outWidth * bands;
            if (bands == 3) {
                horizontalRgbRow(src, rowStart, dst, out, k);
            } else {
                horizontalRow(src, rowStart, bands, dst, out, k);
            }
        }
        return in.withPixels(outWidth, rows, dst, null);
    }

    /** One row of an 8-bit image with any number of bands. */
    private static void horizontalRow(byte[] src, int rowStart, int bands, byte[] dst, int out, ResampleKernel k) {
        for (int x = 0; x < k.outSize; x++) {
            int base = x * k.ksize;
            int from = rowStart + k.first[x] * bands;
            for (int b = 0; b < bands; b++) {
                int acc = HALF;
                for (int i = 0, p = from + b; i < k.count[x]; i++, p += bands) {
                    acc += (src[p] & 0xFF) * k.fixedWeights[base + i];
                }
                dst[out++] = clip8(acc);
            }
        }
    }

    /** The same for RGB, the common case, with the three sums kept in registers. */
    private static void horizontalRgbRow(byte[] src, int rowStart, byte[] dst, int out, ResampleKernel k) {
        for (int x = 0; x < k.outSize; x++) {
            int base = x * k.ksize;
            int p = rowStart + k.first[x] * 3;
            int red = HALF;
            int green = HALF;
            int blue = HALF;
            for (int i = 0; i < k.count[x]; i++, p += 3) {
                int w = k.fixedWeights[base + i];
                red += (src[p] & 0xFF) * w;
                green += (src[p + 1] & 0xFF) * w;
                blue += (src[p + 2] & 0xFF) * w;
            }
            dst[out++] = clip8(red);
            dst[out++] = clip8(green);
            dst[out++] = clip8(blue);
        }
    }

    private static PillowImage verticalPass(PillowImage in, ResampleKernel k, int rowShift) {
        int width = in.width();
        int outHeight = k.outSize;
        if (in.mode() == PillowMode.I) {
            int[] src = in.ints();
            int[] dst = new int[width * outHeight];
            for (int y = 0; y < outHeight; y++) {
                int base = y * k.ksize;
                int firstRow = k.first[y] - rowShift;
                for (int x = 0; x < width; x++) {
                    double sum = 0.0;
                    for (int i = 0; i < k.count[y]; i++) {
                        sum += src[(firstRow + i) * width + x] * k.weights[base + i];
                    }
                    dst[y * width + x] = roundHalfAwayFromZero(sum);
                }
            }
            return in.withPixels(width, outHeight, null, dst);
        }
        int bands = in.mode().bands();
        int rowLength = width * bands;
        byte[] src = in.samples();
        byte[] dst = new byte[rowLength * outHeight];
        int[] acc = new int[rowLength];
        for (int y = 0; y < outHeight; y++) {
            int base = y * k.ksize;
            int firstRow = k.first[y] - rowShift;
            java.util.Arrays.fill(acc, HALF);
            // Row by row, so the inner loop walks memory contiguously; the sums are the same integers.
            for (int i = 0; i < k.count[y]; i++) {
                int w = k.fixedWeights[base + i];
                int rowStart = (firstRow + i) * rowLength;
                for (int s = 0; s < rowLength; s++) {
                    acc[s] += (src[rowStart + s] & 0xFF) * w;
                }
            }
            int out = y * rowLength;
            for (int s = 0; s < rowLength; s++) {
                dst[out + s] = clip8(acc[s]);
            }
        }
        return in.withPixels(width, outHeight, dst, null);
    }

    /** Pillow's {@code clip8}: drop the fixed-point fraction (arithmetic shift) and clamp to 0..255. */
    private static byte clip8(int acc) {
        int v = acc >> ResampleKernel.PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /** Pillow's {@code ROUND_UP} (its 0.5F is exactly 0.5), then C's truncating cast. */
    private static int roundHalfAwayFromZero(double v) {
        return (int) (v >= 0.0 ? v + 0.5 : v - 0.5);
    }
}
