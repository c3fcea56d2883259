package io.clipbatch.core.image;

/**
 * An image that cannot be preprocessed, with a short reason such as {@code decode: truncated JPEG}.
 * Bad images are ordinary in large collections, so this is a value carrier, not a crash: it has no
 * stack trace (cheap to create by the million) and its message is meant for a result column.
 */
public final class ImageException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImageException(String reason) {
        super(reason, null, false, false);
    }

    /** The short reason, e.g. {@code decode: unknown image format}. */
    public String reason() {
        return getMessage();
    }
}
