package io.clipbatch.job.pictures;

import java.io.Serializable;

/**
 * One image as a page shows it: a small JPEG as a {@code data:} URI, or, when the image could not be
 * read or decoded, no picture and the short reason ({@code read: no such file}, {@code decode: ...}).
 */
public record Thumbnail(String location, String dataUri, String error) implements Serializable {
    static Thumbnail of(String location, String dataUri) {
        return new Thumbnail(location, dataUri, null);
    }

    static Thumbnail failed(String location, String error) {
        return new Thumbnail(location, null, error);
    }

    public boolean ok() {
        return dataUri != null;
    }
}
