package io.clipbatch.core.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code regex.findall} of CLIP's split pattern, hand-compiled:
 * <pre>{@code <\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+}</pre>
 * with {@code regex.IGNORECASE}. The text is already lower-cased, so ignoring case only matters for 'ſ'
 * (U+017F), which case-folds to 's', and for U+0345, whose case variant is a letter: with IGNORECASE the
 * {@code regex} module matches it with neither {@code [\p{L}]} nor the negated class, so it is skipped like
 * whitespace. Alternatives are tried in order at each position; unmatched code points are skipped.
 */
final class PreTokenizer {
    private static final String START_OF_TEXT = "<|startoftext|>";
    private static final String END_OF_TEXT = "<|endoftext|>";
    private static final String[] CONTRACTIONS = {"s", "t", "re", "ve", "m", "ll", "d"};
    private static final int COMBINING_YPOGEGRAMMENI = 0x345;
    private static final int LONG_S = 0x17F;

    private PreTokenizer() {
    }

    static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int end = matchEnd(text, i);
            if (end > i) {
                pieces.add(text.substring(i, end));
                i = end;
            } else {
                i += Character.charCount(text.codePointAt(i));
            }
        }
        return pieces;
    }

    /** End of the pattern's match at {@code i}, or {@code i} when no alternative matches there. */
    private static int matchEnd(String text, int i) {
        int end = literalEnd(text, i, START_OF_TEXT);
        if (end < 0) {
            end = literalEnd(text, i, END_OF_TEXT);
        }
        if (end < 0 && text.charAt(i) == '\'') {
            for (String suffix : CONTRACTIONS) {
                end = literalEnd(text, i + 1, suffix);
                if (end >= 0) {
                    break;
                }
            }
        }
        if (end >= 0) {
            return end;
        }
        int cp = text.codePointAt(i);
        if (isLetter(cp)) {
            return runEnd(text, i, PreTokenizer::isLetter);
        }
        if (isNumber(cp)) {
            return i + Character.charCount(cp);
        }
        if (isOther(cp)) {
            return runEnd(text, i, PreTokenizer::isOther);
        }
        return i;
    }

    /** End of {@code literal} matched case-insensitively (as the regex module folds) at {@code i}, else -1. */
    private static int literalEnd(String text, int i, String literal) {
        int pos = i;
        for (int k = 0; k < literal.length(); k++) {
            if (pos >= text.length()) {
                return -1;
            }
            int cp = text.codePointAt(pos);
            if (fold(cp) != literal.charAt(k)) {
                return -1;
            }
            pos += Character.charCount(cp);
        }
        return pos;
    }

    /** The simple case folding of the characters the literals use (ASCII letters and 'ſ' → 's'). */
    private static int fold(int cp) {
        if (cp >= 'A' && cp <= 'Z') {
            return cp + ('a' - 'A');
        }
        return cp == LONG_S ? 's' : cp;
    }

    private interface CodePointClass {
        boolean contains(int cp);
    }

    private static int runEnd(String text, int i, CodePointClass cls) {
        int end = i;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            if (!cls.contains(cp)) {
                break;
            }
            end += Character.charCount(cp);
        }
        return end;
    }

    static boolean isLetter(int cp) {
        return Character.isLetter(cp);
    }

    static boolean isNumber(int cp) {
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    /** {@code [^\s\p{L}\p{N}]} under IGNORECASE. */
    static boolean isOther(int cp) {
        return !PythonText.isRegexSpace(cp) && !isLetter(cp) && !isNumber(cp) && cp != COMBINING_YPOGEGRAMMENI;
    }
}
