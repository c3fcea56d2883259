package io.clipbatch.core.tokenizer;

/**
 * The few Python string semantics CLIP's cleaning relies on, which differ from Java's defaults:
 * {@code str.isspace}/{@code str.strip}, the {@code regex} module's {@code \s}, and {@code str.lower}.
 */
final class PythonText {
    private static final int CAPITAL_SIGMA = 0x3A3;
    private static final char SMALL_SIGMA = '\u03C3';
    private static final char FINAL_SIGMA = '\u03C2';
    private static final int CAPITAL_I_WITH_DOT = 0x130;

    private PythonText() {
    }

    /** The {@code regex} module's {@code \s} on str patterns: exactly Unicode's White_Space property. */
    static boolean isRegexSpace(int cp) {
        return (cp >= 0x9 && cp <= 0xD) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }

    /** {@code str.isspace()} for one code point: White_Space plus the separators U+001C..U+001F. */
    static boolean isSpace(int cp) {
        return isRegexSpace(cp) || (cp >= 0x1C && cp <= 0x1F);
    }

    /** {@code str.strip()} with no argument. */
    static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isSpace(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    /** {@code regex.sub(r'\s+', ' ', text)}. */
    static String collapseWhitespace(String text) {
        StringBuilder out = null;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!isRegexSpace(cp)) {
                if (out != null) {
                    out.appendCodePoint(cp);
                }
                i += Character.charCount(cp);
                continue;
            }
            int runEnd = i + 1; // every White_Space code point is in the BMP
            while (runEnd < text.length() && isRegexSpace(text.charAt(runEnd))) {
                runEnd++;
            }
            if (out == null) {
                if (runEnd == i + 1 && cp == ' ') {
                    i = runEnd; // a lone ' ' stays as it is: keep scanning without copying
                    continue;
                }
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            out.append(' ');
            i = runEnd;
        }
        return out == null ? text : out.toString();
    }

    /**
     * {@code str.lower()}: the full lower-case mapping, i.e. UnicodeData's simple mapping except U+0130 (to "i̇"),
     * and U+03A3 in Final_Sigma context (to ς), both as CPython does. Java's String.toLowerCase decides final
     * sigma with a word-break iterator instead, so it is not used.
     */
    static String lower(String text) {
        if (isAsciiWithoutUpperCase(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp == CAPITAL_SIGMA) {
                out.append(isFinalSigma(text, i) ? FINAL_SIGMA : SMALL_SIGMA);
            } else if (cp == CAPITAL_I_WITH_DOT) {
                out.append("i\u0307");
            } else {
                out.appendCodePoint(Character.toLowerCase(cp));
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static boolean isAsciiWithoutUpperCase(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    /** CPython's rule: a cased letter, then case-ignorables, then Σ, and no case-ignorables-then-cased after it. */
    private static boolean isFinalSigma(String text, int sigmaIndex) {
        int before = sigmaIndex;
        int cp = -1;
        while (before > 0) {
            cp = text.codePointBefore(before);
            before -= Character.charCount(cp);
            if (!isCaseIgnorable(cp)) {
                break;
            }
            cp = -1;
        }
        if (cp < 0 || !isCased(cp)) {
            return false;
        }
        for (int after = sigmaIndex + 1; after < text.length(); ) {
            int next = text.codePointAt(after);
            if (!isCaseIgnorable(next)) {
                return !isCased(next);
            }
            after += Character.charCount(next);
        }
        return true;
    }

    /** Unicode's derived property Cased: Lowercase, Uppercase or titlecase letter. */
    static boolean isCased(int cp) {
        return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
    }

    /** Unicode's derived property Case_Ignorable: Mn, Me, Cf, Lm, Sk, or Word_Break MidLetter/MidNumLet/Single_Quote. */
    static boolean isCaseIgnorable(int cp) {
        switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.FORMAT,
                    Character.MODIFIER_LETTER, Character.MODIFIER_SYMBOL:
                return true;
            default:
                break;
        }
        switch (cp) {
            case '\'', '.', ':', 0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027,
                    0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A:
                return true;
            default:
                return false;
        }
    }
}
