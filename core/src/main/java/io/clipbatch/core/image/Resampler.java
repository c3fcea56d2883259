package io.clipbatch.core.image;

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
    /** Little-endian longs over a byte array: eight samples per load. */
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    /**
     * Rows the horizontal pass transposes and sums at once: long vectors (768 ints for RGB) spread each
     * column's loop set-up best (measured against 32, 64 and 128 rows).
     */
    private static final int STRIP = 256;

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
         *
         * <p>The same shape serves this pass: a strip of {@code STRIP} rows is transposed so that each
         * input column holds its strip's samples in one int array, and an output column is then the
         * weighted sum of a few such arrays, all rows and bands at once. Each output sample is still
         * {@code HALF + sum(sample * weight)} over the same taps in the same integers: bit for bit Pillow.
         */
        private int[][] horizontalPass(PillowImage in) {
            int bands = in.mode().bands();
            int inRow = in.width() * bands;
            byte[] src = in.samples();
            ResampleKernel k = horizontal;
            int last = left + width - 1;
            int firstColumn = k.first[left];
            int columnCount = k.first[last] + k.count[last] - firstColumn;
            int stride = STRIP * bands;
            int[][] columns = new int[columnCount][stride];
            int[] acc = new int[stride];
            int[][] rows = new int[endRow - firstRow][width * bands];
            for (int stripStart = 0; stripStart < rows.length; stripStart += STRIP) {
                int stripRows = Math.min(STRIP, rows.length - stripStart);
                int from = ((firstRow + stripStart) * in.width() + firstColumn) * bands;
                int samples = stripRows * bands; // the last strip is usually short: no sums past its rows
                transpose(src, from, inRow, stripRows, bands, columns);
                for (int x = left; x <= last; x++) {
                    int base = x * k.ksize;
                    int column = k.first[x] - firstColumn;
                    start(acc, columns[column], k.fixedWeights[base], samples);
                    for (int i = 1; i < k.count[x]; i++) {
                        accumulate(acc, columns[column + i], k.fixedWeights[base + i], samples);
                    }
                    clip8(acc, samples);
                    int out = (x - left) * bands;
                    for (int r = 0; r < stripRows; r++) {
                        System.arraycopy(acc, r * bands, rows[stripStart + r], out, bands);
                    }
                }
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
                // Row by row, so the inner loop walks memory contiguously; the sums are the same integers.
                start(acc, rows[first], k.fixedWeights[base], acc.length);
                for (int i = 1; i < k.count[outRow]; i++) {
                    accumulate(acc, rows[first + i], k.fixedWeights[base + i], acc.length);
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

    /** {@link #clip8(int)} of the first {@code n} sums, in place (a loop the JIT vectorizes). */
    private static void clip8(int[] acc, int n) {
        for (int s = 0; s < n; s++) {
            acc[s] = Math.min(Math.max(acc[s] >> ResampleKernel.PRECISION_BITS, 0), 255);
        }
    }

    /** {@code acc = HALF + row * weight} over {@code n} sums: the first tap, without filling {@code acc} first. */
    private static void start(int[] acc, int[] row, int weight, int n) {
        for (int s = 0; s < n; s++) {
            acc[s] = HALF + row[s] * weight;
        }
    }

    /** {@code acc += row * weight} over {@code n} sums; both arrays from index 0, so it vectorizes. */
    private static void accumulate(int[] acc, int[] row, int weight, int n) {
        for (int s = 0; s < n; s++) {
            acc[s] += row[s] * weight;
        }
    }

    /**
     * {@code rows} rows of {@code bands}-sample pixels starting at {@code src[from]} (rows {@code rowStride}
     * apart) into {@code columns}: column c gets its samples row after row, {@code bands} per row.
     */
    private static void transpose(byte[] src, int from, int rowStride, int rows, int bands, int[][] columns) {
        if (bands == 3) {
            transposeRgb(src, from, rowStride, rows, columns);
            return;
        }
        for (int c = 0; c < columns.length; c++) {
            int[] column = columns[c];
            int p = from + c * bands;
            for (int r = 0, o = 0; r < rows; r++, p += rowStride) {
                for (int b = 0; b < bands; b++) {
                    column[o++] = src[p + b] & 0xFF;
                }
            }
        }
    }

    /**
     * The same for three bands: eight pixels (three longs) of a row at a time, so a strip costs a third
     * of the loads and bounds checks; the leftover columns one by one.
     */
    private static void transposeRgb(byte[] src, int from, int rowStride, int rows, int[][] columns) {
        int grouped = columns.length / 8 * 8;
        for (int c = 0; c < grouped; c += 8) {
            int[] k0 = columns[c];
            int[] k1 = columns[c + 1];
            int[] k2 = columns[c + 2];
            int[] k3 = columns[c + 3];
            int[] k4 = columns[c + 4];
            int[] k5 = columns[c + 5];
            int[] k6 = columns[c + 6];
            int[] k7 = columns[c + 7];
            int p = from + c * 3;
            for (int r = 0, o = 0; r < rows; r++, o += 3, p += rowStride) {
                long a = (long) LONGS.get(src, p);
                long b = (long) LONGS.get(src, p + 8);
                long d = (long) LONGS.get(src, p + 16);
                k0[o] = (int) a & 0xFF;
                k0[o + 1] = (int) (a >>> 8) & 0xFF;
                k0[o + 2] = (int) (a >>> 16) & 0xFF;
                k1[o] = (int) (a >>> 24) & 0xFF;
                k1[o + 1] = (int) (a >>> 32) & 0xFF;
                k1[o + 2] = (int) (a >>> 40) & 0xFF;
                k2[o] = (int) (a >>> 48) & 0xFF;
                k2[o + 1] = (int) (a >>> 56);
                k2[o + 2] = (int) b & 0xFF;
                k3[o] = (int) (b >>> 8) & 0xFF;
                k3[o + 1] = (int) (b >>> 16) & 0xFF;
                k3[o + 2] = (int) (b >>> 24) & 0xFF;
                k4[o] = (int) (b >>> 32) & 0xFF;
                k4[o + 1] = (int) (b >>> 40) & 0xFF;
                k4[o + 2] = (int) (b >>> 48) & 0xFF;
                k5[o] = (int) (b >>> 56);
                k5[o + 1] = (int) d & 0xFF;
                k5[o + 2] = (int) (d >>> 8) & 0xFF;
                k6[o] = (int) (d >>> 16) & 0xFF;
                k6[o + 1] = (int) (d >>> 24) & 0xFF;
                k6[o + 2] = (int) (d >>> 32) & 0xFF;
                k7[o] = (int) (d >>> 40) & 0xFF;
                k7[o + 1] = (int) (d >>> 48) & 0xFF;
                k7[o + 2] = (int) (d >>> 56);
            }
        }
        for (int c = grouped; c < columns.length; c++) {
            int[] column = columns[c];
            int p = from + c * 3;
            for (int r = 0; r < rows; r++, p += rowStride) {
                column[3 * r] = src[p] & 0xFF;
                column[3 * r + 1] = src[p + 1] & 0xFF;
                column[3 * r + 2] = src[p + 2] & 0xFF;
            }
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
