package io.clipbatch.core.pipeline;

/** An image whose bytes could not be fetched; the message is the row's {@code error} value. */
public final class ReadException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReadException(String reason) {
        super(reason, null, false, false);
    }
}
