package io.clipbatch.udfs;

/**
 * A mistake the user can fix (a wrong flag, a missing model or input, a bad schema): reported as
 * one line on stderr with exit code 2, never as a stack trace.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message, null, false, false);
    }

    /** Refuses a flag's value below {@code min}: {@code --batch-size must be at least 1, not 0}. */
    public static void requireAtLeast(String flag, long value, long min) {
        if (value < min) {
            throw new UserError(flag + " must be at least " + min + ", not " + value);
        }
    }
}
