package io.clipbatch.core.image;

/**
 * torchvision's {@code center_crop} / open_clip's {@code center_crop_or_pad} on a PIL image, in the
 * image's own mode: pad to at least size x size (left/top get the smaller half), then crop at
 * {@code int(round((side - size) / 2.0))}, Python's round being half-to-even. Padding uses {@code fill}
 * in every band (for mode P it is a palette index, as {@code ImageOps.expand} makes it).
 */
final class CenterCrop {
    private CenterCrop() {
    }

    static PillowImage cropOrPad(PillowImage image, int size, int fill) {
        int width = image.width();
        int height = image.height();
        if (width == size && height == size) {
            return image;
        }
        int padLeft = size > width ? (size - width) / 2 : 0;
        int padTop = size > height ? (size - height) / 2 : 0;
        // Output (x, y) shows input (x + cropLeft - padLeft, y + cropTop - padTop), or fill outside it.
        return window(image, offset(Math.max(width, size), size) - padLeft,
                offset(Math.max(height, size), size) - padTop, size, size, fill);
    }

    /** Where a centre crop of {@code size} starts on a side of {@code side} >= size (torchvision's rounding). */
    static int offset(int side, int size) {
        return (int) Math.rint((side - size) / 2.0);
    }

    /**
     * The {@code width} x {@code height} window of {@code image} whose top-left corner is input pixel
     * ({@code left}, {@code top}); pixels outside the image are {@code fill} in every band.
     */
    static PillowImage window(PillowImage image, int left, int top, int width, int height, int fill) {
        int inWidth = image.width();
        int inHeight = image.height();
        if (left == 0 && top == 0 && width == inWidth && height == inHeight) {
            return image;
        }
        if (image.mode() == PillowMode.I) {
            int[] dst = new int[width * height];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int sx = x + left;
                    int sy = y + top;
                    boolean inside = sx >= 0 && sx < inWidth && sy >= 0 && sy < inHeight;
                    dst[y * width + x] = inside ? image.ints()[sy * inWidth + sx] : fill;
                }
            }
            return image.withPixels(width, height, null, dst);
        }
        int bands = image.mode().bands();
        byte[] src = image.samples();
        byte[] dst = new byte[width * height * bands];
        boolean covered = left >= 0 && top >= 0 && left + width <= inWidth && top + height <= inHeight;
        if (!covered) {
            java.util.Arrays.fill(dst, (byte) Math.max(0, Math.min(fill, 255)));
        }
        int fromX = Math.max(0, -left);
        int toX = Math.min(width, inWidth - left);
        for (int y = 0; y < height; y++) {
            int sy = y + top;
            if (sy < 0 || sy >= inHeight || toX <= fromX) {
                continue;
            }
            System.arraycopy(src, (sy * inWidth + fromX + left) * bands, dst, (y * width + fromX) * bands,
                    (toX - fromX) * bands);
        }
        return image.withPixels(width, height, dst, null);
    }
}
