package io.clipbatch.core.tokenizer;

/**
 * GPT-2's {@code bytes_to_unicode}: a reversible map from the 256 byte values to printable characters, so BPE
 * works on UTF-8 bytes without ever seeing whitespace or control characters. Printable Latin-1 bytes map to
 * themselves; the other 68 bytes, in increasing order, to U+0100, U+0101, ...
 */
final class ByteEncoder {
    private static final char[] CHAR_OF_BYTE = new char[256];
    private static final int[] BYTE_OF_CHAR = new int[256 + 68];
    /** The characters in the order {@code bytes_to_unicode().values()} lists them: CLIP's first 256 token ids. */
    private static final char[] VOCAB_ORDER = new char[256];

    static {
        java.util.Arrays.fill(BYTE_OF_CHAR, -1);
        int next = 0;
        for (int b = 0; b < 256; b++) {
            if (isPrintable(b)) {
                CHAR_OF_BYTE[b] = (char) b;
                VOCAB_ORDER[next++] = (char) b;
            }
        }
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            if (!isPrintable(b)) {
                CHAR_OF_BYTE[b] = (char) (256 + shifted++);
                VOCAB_ORDER[next++] = CHAR_OF_BYTE[b];
            }
        }
        for (int b = 0; b < 256; b++) {
            BYTE_OF_CHAR[CHAR_OF_BYTE[b]] = b;
        }
    }

    private ByteEncoder() {
    }

    private static boolean isPrintable(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    static char charOf(int unsignedByte) {
        return CHAR_OF_BYTE[unsignedByte];
    }

    /** The byte a character stands for, or -1 when it is not one of the 256 byte characters. */
    static int byteOf(char c) {
        return c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1;
    }

    static char vocabChar(int index) {
        return VOCAB_ORDER[index];
    }
}
