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
 *
 * <p>Every output pixel of a pass is computed on its own from the same inputs and weights, so a window
 * of the output (what the centre crop keeps) can be computed alone and is bit for bit the same as
 * Pillow's full resize cropped: {@link #resizeWindow} does that, and skips the rows and columns that
 * the crop would throw away (a quarter of the work for a 4:3 photo).
 */
final class Resampler {
    /** Fixed-point accumulators start at one half, so the final shift rounds to nearest. */
    private static final int HALF = 1 << (ResampleKernel.PRECISION_BITS - 1);

    private Resampler() {
    }

    static PillowImage resize(PillowImage image, int width, int height, ResampleFilter filter) {
        return resizeWindow(image, width, height, filter, 0, 0, width, height);
    }

    /**
     * The window ({@code left}, {@code top}, {@code windowWidth} x {@code windowHeight}) of the resize of
     * {@code image} to {@code width} x {@code height}; the window lies inside the resized image.
     */
    static PillowImage resizeWindow(PillowImage image, int width, int height, ResampleFilter filter,
                                    int left, int top, int windowWidth, int windowHeight) {
        if (left < 0 || top < 0 || windowWidth < 1 || windowHeight < 1
                || left + windowWidth > width || top + windowHeight > height) {
            throw new IllegalArgumentException("window " + windowWidth + "x" + windowHeight + "+" + left + "+" + top
                    + " outside " + width + "x" + height);
        }
        if (image.width() == width && image.height() == height) {
            return CenterCrop.window(image, left, top, windowWidth, windowHeight, 0);
        }
        PillowMode mode = image.mode();
        if (mode == PillowMode.BILEVEL || mode == PillowMode.P) {
            filter = ResampleFilter.NEAREST;
        }
        if (filter == ResampleFilter.NEAREST) {
            return CenterCrop.window(NearestScaler.scale(image, width, height), left, top, windowWidth, windowHeight, 0);
        }
        if (mode == PillowMode.I) {
            return CenterCrop.window(convolveInts(image, width, height, filter), left, top, windowWidth, windowHeight, 0);
        }
        Window window = new Window(image, width, height, filter, left, top, windowWidth, windowHeight);
        if (mode.hasAlpha()) {
            return Premultiplied.unpremultiply(window.convolve(Premultiplied.premultiply(image)));
        }
        return window.convolve(image);
    }

    /**
     * Pillow's {@code ImagingResampleInner} for 8-bit images, limited to one window of the output: the
     * horizontal pass only on the input rows the vertical pass reads and only for the window's columns,
     * then the vertical pass only for the window's rows.
     */
    private static final class Window {
        final int left;
        final int top;
        final int width;
        final int height;
        final ResampleKernel horizontal;
        final ResampleKernel vertical;
        /** Input rows [firstRow, endRow) feed the window. */
        final int firstRow;
        final int endRow;

        Window(PillowImage image, int outWidth, int outHeight, ResampleFilter filter,
               int left, int top, int width, int height) {
            this.left = left;
            this.top = top;
            this.width = width;
            this.height = height;
            this.horizontal = outWidth != image.width() ? ResampleKernel.of(image.width(), outWidth, filter) : null;
            this.vertical = outHeight != image.height() ? ResampleKernel.of(image.height(), outHeight, filter) : null;
            if (vertical != null) {
                int last = top + height - 1;
                this.firstRow = vertical.first[top];
                this.endRow = vertical.first[last] + vertical.count[last];
            } else {
                this.firstRow = top;
                this.endRow = top + height;
            }
        }

        PillowImage convolve(PillowImage image) {
            int bands = image.mode().bands();
            int[][] rows = horizontal != null ? horizontalPass(image) : windowRows(image);
            byte[] samples = vertical != null ? verticalPass(rows, width * bands) : concat(rows, width * bands);
            return image.withPixels(width, height, samples, null);
        }

        /**
         * Input rows [firstRow, endRow), output columns [left, left + width), clipped to 0..255 as Pillow's
         * 8-bit intermediate image, but one int array per row: the vertical pass then runs on whole int
         * arrays from index 0, the one loop shape the JIT turns into vector instructions.
         */
        private int[][] horizontalPass(PillowImage in) {
            int bands = in.mode().bands();
            int inRow = in.width() * bands;
            byte[] src = in.samples();
            int[][] rows = new int[endRow - firstRow][];
            int y = 0;
            if (bands == 3) {
                // Two rows at a time share each weight load and the loop overhead.
                for (; y + 1 < rows.length; y += 2) {
                    rows[y] = new int[width * 3];
                    rows[y + 1] = new int[width * 3];
                    horizontalRgbRows(src, (y + firstRow) * inRow, inRow, rows[y], rows[y + 1], horizontal, left, width);
                }
            }
            for (; y < rows.length; y++) {
                int rowStart = (y + firstRow) * inRow;
                int[] row = new int[width * bands];
                switch (bands) {
                    case 3:
                        horizontalRgbRow(src, rowStart, row, horizontal, left, width);
                        break;
                    case 1:
                        horizontalGreyRow(src, rowStart, row, horizontal, left, width);
                        break;
                    default:
                        horizontalRow(src, rowStart, bands, row, horizontal, left, width);
                }
                rows[y] = row;
            }
            return rows;
        }

        /** Without a horizontal pass: the window's columns of rows [firstRow, endRow), as int rows. */
        private int[][] windowRows(PillowImage in) {
            int bands = in.mode().bands();
            byte[] src = in.samples();
            int[][] rows = new int[endRow - firstRow][];
            for (int y = 0; y < rows.length; y++) {
                int from = ((y + firstRow) * in.width() + left) * bands;
                int[] row = new int[width * bands];
                for (int s = 0; s < row.length; s++) {
                    row[s] = src[from + s] & 0xFF;
                }
                rows[y] = row;
            }
            return rows;
        }

        /** Output rows [top, top + height) from the rows [firstRow, endRow) in {@code rows}. */
        private byte[] verticalPass(int[][] rows, int rowLength) {
            byte[] dst = new byte[rowLength * height];
            int[] acc = new int[rowLength];
            ResampleKernel k = vertical;
            for (int y = 0; y < height; y++) {
                int outRow = top + y;
                int base = outRow * k.ksize;
                int first = k.first[outRow] - firstRow;
                java.util.Arrays.fill(acc, HALF);
                // Row by row, so the inner loop walks memory contiguously; the sums are the same integers.
                for (int i = 0; i < k.count[outRow]; i++) {
                    accumulate(acc, rows[first + i], k.fixedWeights[base + i]);
                }
                int out = y * rowLength;
                for (int s = 0; s < rowLength; s++) {
                    dst[out + s] = clip8(acc[s]);
                }
            }
            return dst;
        }

        private static byte[] concat(int[][] rows, int rowLength) {
            byte[] dst = new byte[rows.length * rowLength];
            for (int y = 0; y < rows.length; y++) {
                for (int s = 0; s < rowLength; s++) {
                    dst[y * rowLength + s] = (byte) rows[y][s];
                }
            }
            return dst;
        }
    }

    /** {@code acc += row * weight}, element by element; both arrays from index 0, so it vectorizes. */
    private static void accumulate(int[] acc, int[] row, int weight) {
        for (int s = 0; s < acc.length; s++) {
            acc[s] += row[s] * weight;
        }
    }

    /** Output columns [from, from + count) of one row of an 8-bit image with any number of bands. */
    private static void horizontalRow(byte[] src, int rowStart, int bands, int[] dst, ResampleKernel k,
                                      int from, int count) {
        int out = 0;
        for (int x = from; x < from + count; x++) {
            int base = x * k.ksize;
            int p0 = rowStart + k.first[x] * bands;
            for (int b = 0; b < bands; b++) {
                int acc = HALF;
                for (int i = 0, p = p0 + b; i < k.count[x]; i++, p += bands) {
                    acc += (src[p] & 0xFF) * k.fixedWeights[base + i];
                }
                dst[out++] = clip8(acc) & 0xFF;
            }
        }
    }

    /** The same for RGB, the common case, with the three sums kept in registers. */
    private static void horizontalRgbRow(byte[] src, int rowStart, int[] dst, ResampleKernel k,
                                         int from, int count) {
        int[] weights = k.fixedWeights;
        int out = 0;
        for (int x = from; x < from + count; x++) {
            int w = x * k.ksize;
            int n = k.count[x];
            int p = rowStart + k.first[x] * 3;
            int red = HALF;
            int green = HALF;
            int blue = HALF;
            // One induction variable, affine indices: lets the JIT drop the bounds checks from the loop.
            for (int i = 0; i < n; i++) {
                int weight = weights[w + i];
                red += (src[p + 3 * i] & 0xFF) * weight;
                green += (src[p + 3 * i + 1] & 0xFF) * weight;
                blue += (src[p + 3 * i + 2] & 0xFF) * weight;
            }
            dst[out++] = clip8(red) & 0xFF;
            dst[out++] = clip8(green) & 0xFF;
            dst[out++] = clip8(blue) & 0xFF;
        }
    }

    /** Two consecutive RGB rows ({@code rowStart} and {@code rowStart + stride}) at once. */
    private static void horizontalRgbRows(byte[] src, int rowStart, int stride, int[] dstA, int[] dstB,
                                          ResampleKernel k, int from, int count) {
        int[] weights = k.fixedWeights;
        int out = 0;
        for (int x = from; x < from + count; x++) {
            int w = x * k.ksize;
            int n = k.count[x];
            int p = rowStart + k.first[x] * 3;
            int q = p + stride;
            int r0 = HALF;
            int g0 = HALF;
            int b0 = HALF;
            int r1 = HALF;
            int g1 = HALF;
            int b1 = HALF;
            for (int i = 0; i < n; i++) {
                int weight = weights[w + i];
                r0 += (src[p + 3 * i] & 0xFF) * weight;
                g0 += (src[p + 3 * i + 1] & 0xFF) * weight;
                b0 += (src[p + 3 * i + 2] & 0xFF) * weight;
                r1 += (src[q + 3 * i] & 0xFF) * weight;
                g1 += (src[q + 3 * i + 1] & 0xFF) * weight;
                b1 += (src[q + 3 * i + 2] & 0xFF) * weight;
            }
            dstA[out] = clip8(r0) & 0xFF;
            dstB[out++] = clip8(r1) & 0xFF;
            dstA[out] = clip8(g0) & 0xFF;
            dstB[out++] = clip8(g1) & 0xFF;
            dstA[out] = clip8(b0) & 0xFF;
            dstB[out++] = clip8(b1) & 0xFF;
        }
    }

    /** The same for one band (mode L). */
    private static void horizontalGreyRow(byte[] src, int rowStart, int[] dst, ResampleKernel k,
                                          int from, int count) {
        int[] weights = k.fixedWeights;
        int out = 0;
        for (int x = from; x < from + count; x++) {
            int w = x * k.ksize;
            int end = w + k.count[x];
            int p = rowStart + k.first[x];
            int acc = HALF;
            for (; w < end; w++, p++) {
                acc += (src[p] & 0xFF) * weights[w];
            }
            dst[out++] = clip8(acc) & 0xFF;
        }
    }

    /** Mode I: the whole image, in double as Pillow's 32-bit path. */
    private static PillowImage convolveInts(PillowImage image, int width, int height, ResampleFilter filter) {
        PillowImage current = image;
        if (width != image.width()) {
            current = horizontalInts(current, ResampleKernel.of(image.width(), width, filter));
        }
        if (height != image.height()) {
            current = verticalInts(current, ResampleKernel.of(image.height(), height, filter));
        }
        return current;
    }

    private static PillowImage horizontalInts(PillowImage in, ResampleKernel k) {
        int outWidth = k.outSize;
        int rows = in.height();
        int[] src = in.ints();
        int[] dst = new int[outWidth * rows];
        for (int y = 0; y < rows; y++) {
            int rowStart = y * in.width();
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

    private static PillowImage verticalInts(PillowImage in, ResampleKernel k) {
        int width = in.width();
        int outHeight = k.outSize;
        int[] src = in.ints();
        int[] dst = new int[width * outHeight];
        for (int y = 0; y < outHeight; y++) {
            int base = y * k.ksize;
            for (int x = 0; x < width; x++) {
                double sum = 0.0;
                for (int i = 0; i < k.count[y]; i++) {
                    sum += src[(k.first[y] + i) * width + x] * k.weights[base + i];
                }
                dst[y * width + x] = roundHalfAwayFromZero(sum);
            }
        }
        return in.withPixels(width, outHeight, null, dst);
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
