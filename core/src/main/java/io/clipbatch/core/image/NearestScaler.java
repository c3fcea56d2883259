package io.clipbatch.core.image;

/**
 * Pillow's NEAREST resize: {@code ImagingScaleAffine} with {@code a = (inW / outW, inH / outH)}.
 * Source positions are accumulated by repeated addition from {@code a * 0.5}, exactly as the C does,
 * because the accumulated rounding error decides which source pixel wins near the halfway points.
 * Output pixels whose source falls outside the image stay 0, as Pillow's fill.
 */
final class NearestScaler {
    private NearestScaler() {
    }

    static PillowImage scale(PillowImage in, int width, int height) {
        int[] sourceColumn = sourcePositions(in.width(), width);
        int[] sourceRow = sourcePositions(in.height(), height);
        if (in.mode() == PillowMode.I) {
            int[] src = in.ints();
            int[] dst = new int[width * height];
            for (int y = 0; y < height; y++) {
                if (sourceRow[y] < 0) {
                    continue;
                }
                int rowStart = sourceRow[y] * in.width();
                for (int x = 0; x < width; x++) {
                    if (sourceColumn[x] >= 0) {
                        dst[y * width + x] = src[rowStart + sourceColumn[x]];
                    }
                }
            }
            return in.withPixels(width, height, null, dst);
        }
        int bands = in.mode().bands();
        byte[] src = in.samples();
        byte[] dst = new byte[width * height * bands];
        for (int y = 0; y < height; y++) {
            if (sourceRow[y] < 0) {
                continue;
            }
            int rowStart = sourceRow[y] * in.width() * bands;
            int out = y * width * bands;
            for (int x = 0; x < width; x++, out += bands) {
                if (sourceColumn[x] >= 0) {
                    System.arraycopy(src, rowStart + sourceColumn[x] * bands, dst, out, bands);
                }
            }
        }
        return in.withPixels(width, height, dst, null);
    }

    /** Source index per output index, or -1 where Pillow's COORD lands outside the input. */
    private static int[] sourcePositions(int inSize, int outSize) {
        double step = (double) (float) inSize / outSize;
        double position = step * 0.5;
        int[] positions = new int[outSize];
        for (int i = 0; i < outSize; i++) {
            int source = position < 0.0 ? -1 : (int) position;
            positions[i] = source < inSize ? source : -1;
            position += step;
        }
        return positions;
    }
}
