package io.clipbatch.core.session;

/** ONNX Runtime could not open or run a tower; the message names the model file. */
public class SessionException extends RuntimeException {

    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }

    public SessionException(String message) {
        super(message);
    }
}
