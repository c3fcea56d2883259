package io.clipbatch.core.bundle;

/** A model bundle on disk is missing a file or has one that is wrong; the message names the file. */
public class BundleException extends RuntimeException {

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
