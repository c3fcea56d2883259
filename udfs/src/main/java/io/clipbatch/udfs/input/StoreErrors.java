package io.clipbatch.udfs.input;

import java.io.FileNotFoundException;
import java.util.Locale;

/**
 * One short reason for a failed file-system call, for the one line a user sees: object stores wrap
 * a 403 or a missing bucket in several layers of SDK detail, none of which says what to fix.
 */
public final class StoreErrors {
    private StoreErrors() {}

    public static String reason(Exception e) {
        String text = causeChain(e);
        String lower = text.toLowerCase(Locale.ROOT);
        if (bucketMissing(text)) {
            return "the bucket does not exist";
        }
        if (text.contains("AccessDeniedException") || lower.contains("status code: 403")
                || text.contains("403 Forbidden") || text.contains("SignatureDoesNotMatch")
                || text.contains("InvalidAccessKeyId")) {
            return "access denied (HTTP 403): check the credentials (fs.s3a.access.key and fs.s3a.secret.key, "
                    + "or fs.s3a.aws.credentials.provider) and the bucket's policy";
        }
        if (e instanceof FileNotFoundException) {
            return "it does not exist";
        }
        return firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /** Whether the store says the bucket itself is missing (as opposed to an object in it). */
    public static boolean bucketMissing(Exception e) {
        return bucketMissing(causeChain(e));
    }

    private static boolean bucketMissing(String causeChain) {
        return causeChain.contains("NoSuchBucket") || causeChain.contains("UnknownStoreException");
    }

    private static String causeChain(Exception e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null && all.length() < 10_000; t = t.getCause()) {
            all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
