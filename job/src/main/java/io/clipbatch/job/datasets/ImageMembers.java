package io.clipbatch.job.datasets;

import java.util.List;
import java.util.Locale;

/**
 * Which member of a WebDataset sample is its image. clip_benchmark reads the first of
 * {@code webp, png, jpg, jpeg} a sample has; the formats the core also decodes (GIF, BMP, TIFF)
 * come after them, then the PNM family, which the core refuses by name, so that such a sample
 * gets that reason rather than "no image".
 */
public final class ImageMembers {
    /** Image extensions, most preferred first. */
    public static final List<String> PREFERENCE =
            List.of("webp", "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "ppm", "pgm", "pbm", "pnm");

    private ImageMembers() {}

    /** The extension's place in {@link #PREFERENCE} (lower is preferred), or -1 when it is not an image. */
    public static int rank(String extension) {
        return PREFERENCE.indexOf(extension.toLowerCase(Locale.ROOT));
    }
}
