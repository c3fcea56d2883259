package io.clipbatch.core.image;

/**
 * The size an image is resized to before cropping, computed with the reference's own arithmetic
 * (Python ints and doubles, {@code int()} truncation, {@code round()} half to even).
 */
final class ResizeGeometry {
    private ResizeGeometry() {
    }

    /** {width, height} after the resize step of {@code mode} for target side {@code size}. */
    static int[] resizedSize(int width, int height, int size, ResizeMode mode) throws ImageException {
        switch (mode) {
            case SHORTEST:
                return shortest(width, height, size);
            case SQUASH:
                return new int[] {size, size};
            case LONGEST:
                return longest(width, height, size);
            default:
                throw new IllegalStateException("resize mode " + mode);
        }
    }

    /** torchvision {@code _compute_resized_output_size} for a single int: short side to size. */
    private static int[] shortest(int width, int height, int size) {
        boolean wide = width > height;
        long shortSide = wide ? height : width;
        long longSide = wide ? width : height;
        int newLong = (int) ((double) (size * longSide) / shortSide);
        return wide ? new int[] {newLong, size} : new int[] {size, newLong};
    }

    /** open_clip {@code ResizeKeepRatio(longest=1)}: ratio = max(h / n, w / n), sides round(side / ratio). */
    private static int[] longest(int width, int height, int size) throws ImageException {
        double ratio = Math.max((double) height / size, (double) width / size);
        int newHeight = (int) Math.rint(height / ratio);
        int newWidth = (int) Math.rint(width / ratio);
        if (newHeight <= 0 || newWidth <= 0) {
            // Pillow refuses a zero-sized resize ("height and width must be > 0").
            throw new ImageException("preprocess: image too thin for resize_mode longest (" + width + "x" + height + ")");
        }
        return new int[] {newWidth, newHeight};
    }
}
