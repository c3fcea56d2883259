package io.clipbatch.core.image;

/**
 * torchvision's {@code ToTensor} then {@code Normalize(mean, std)} on an RGB uint8 image, into a CHW
 * float32 buffer: {@code ((float) v / 255f - mean[c]) / std[c]}, every operation in float32 as torch
 * does it. A uint8 input has only 256 values per channel, so the results are tabulated once.
 */
final class Normalizer {
    private final float[][] table = new float[3][256];

    Normalizer(float[] mean, float[] std) {
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                table[c][v] = ((float) v / 255f - mean[c]) / std[c];
            }
        }
    }

    /** The normalised value of uint8 {@code value} in channel {@code channel}. */
    float value(int channel, int value) {
        return table[channel][value];
    }

    /** Writes the 3 x h x w tensor of {@code rgb} (mode RGB) at {@code out[offset]}. */
    void write(PillowImage rgb, float[] out, int offset) {
        byte[] pixels = rgb.samples();
        int plane = rgb.width() * rgb.height();
        float[] red = table[0];
        float[] green = table[1];
        float[] blue = table[2];
        for (int p = 0, s = 0; p < plane; p++, s += 3) {
            out[offset + p] = red[pixels[s] & 0xFF];
            out[offset + plane + p] = green[pixels[s + 1] & 0xFF];
            out[offset + 2 * plane + p] = blue[pixels[s + 2] & 0xFF];
        }
    }

    /** As {@link #write(PillowImage, float[], int)} into a FloatBuffer at its absolute index {@code offset}. */
    void write(PillowImage rgb, java.nio.FloatBuffer out, int offset) {
        byte[] pixels = rgb.samples();
        int plane = rgb.width() * rgb.height();
        for (int p = 0, s = 0; p < plane; p++, s += 3) {
            out.put(offset + p, table[0][pixels[s] & 0xFF]);
            out.put(offset + plane + p, table[1][pixels[s + 1] & 0xFF]);
            out.put(offset + 2 * plane + p, table[2][pixels[s + 2] & 0xFF]);
        }
    }
}
