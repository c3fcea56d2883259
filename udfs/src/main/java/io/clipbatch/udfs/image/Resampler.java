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
        int[] acc = new int[bands];
        for (int y = 0; y < rows; y++) {
            int rowStart = (y + rowOffset) * in.width() * bands;
            int out = y * outWidth * bands;
            for (int x = 0; x < outWidth; x++) {
                int base = x * k.ksize;
                int from = rowStart + k.first[x] * bands;
                java.util.Arrays.fill(acc, 1 << (ResampleKernel.PRECISION_BITS - 1));
                for (int i = 0; i < k.count[x]; i++) {
                    int w = k.fixedWeights[base + i];
                    int p = from + i * bands;
                    for (int b = 0; b < bands; b++) {
                        acc[b] += (src[p + b] & 0xFF) * w;
                    }
                }
                for (int b = 0; b < bands; b++) {
                    dst[out++] = clip8(acc[b]);
                }
            }
        }
        return in.withPixels(outWidth, rows, dst, null);
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
            java.util.Arrays.fill(acc, 1 << (ResampleKernel.PRECISION_BITS - 1));
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
