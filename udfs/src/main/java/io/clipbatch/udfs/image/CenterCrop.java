package io.clipbatch.udfs.image;

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
        int paddedWidth = Math.max(width, size);
        int paddedHeight = Math.max(height, size);
        int cropLeft = (int) Math.rint((paddedWidth - size) / 2.0);
        int cropTop = (int) Math.rint((paddedHeight - size) / 2.0);
        // Output (x, y) shows input (x + cropLeft - padLeft, y + cropTop - padTop), or fill outside it.
        int offsetX = cropLeft - padLeft;
        int offsetY = cropTop - padTop;
        if (image.mode() == PillowMode.I) {
            int[] dst = new int[size * size];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int sx = x + offsetX;
                    int sy = y + offsetY;
                    boolean inside = sx >= 0 && sx < width && sy >= 0 && sy < height;
                    dst[y * size + x] = inside ? image.ints()[sy * width + sx] : fill;
                }
            }
            return image.withPixels(size, size, null, dst);
        }
        int bands = image.mode().bands();
        byte[] src = image.samples();
        byte[] dst = new byte[size * size * bands];
        java.util.Arrays.fill(dst, (byte) Math.max(0, Math.min(fill, 255)));
        for (int y = 0; y < size; y++) {
            int sy = y + offsetY;
            if (sy < 0 || sy >= height) {
                continue;
            }
            int fromX = Math.max(0, -offsetX);
            int toX = Math.min(size, width - offsetX);
            if (toX > fromX) {
                System.arraycopy(src, (sy * width + fromX + offsetX) * bands, dst, (y * size + fromX) * bands,
                        (toX - fromX) * bands);
            }
        }
        return image.withPixels(size, size, dst, null);
    }
}
