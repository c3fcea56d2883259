package io.clipbatch.core.tokenizer;

/**
 * Python's {@code html.unescape}, rule for rule (CPython 3.8+ {@code Lib/html/__init__.py}).
 *
 * <p>A reference is {@code &} followed by one of: {@code #} + decimal digits, {@code #x} + hex digits (each with an
 * optional {@code ;}), or 1 to 32 code points other than tab, LF, FF, space, {@code <&#;} plus an optional {@code ;}.
 * Named references use the longest known prefix, so {@code &ampx} is {@code &x} and {@code &notit;} is
 * {@code ¬it;}; numeric ones follow the HTML5 error-recovery tables (see {@link HtmlEntities}).
 */
final class HtmlUnescape {
    private static final int MAX_NAME_CODE_POINTS = 32;
    private static final int MAX_CODE_POINT = 0x10FFFF;

    private HtmlUnescape() {
    }

    static String unescape(String text) {
        int amp = text.indexOf('&');
        if (amp < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (amp >= 0) {
            int end = referenceEnd(text, amp);
            if (end < 0) {
                amp = text.indexOf('&', amp + 1);
                continue;
            }
            out.append(text, copied, amp).append(replacement(text.substring(amp + 1, end)));
            copied = end;
            amp = text.indexOf('&', end);
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** End (exclusive) of the reference starting with the '&' at {@code amp}, or -1 when none starts there. */
    private static int referenceEnd(String text, int amp) {
        int start = amp + 1;
        if (start < text.length() && text.charAt(start) == '#') {
            int digitsEnd = skip(text, start + 1, 10);
            if (digitsEnd > start + 1) {
                return optionalSemicolon(text, digitsEnd);
            }
            if (start + 1 < text.length() && (text.charAt(start + 1) | 0x20) == 'x') {
                int hexEnd = skip(text, start + 2, 16);
                if (hexEnd > start + 2) {
                    return optionalSemicolon(text, hexEnd);
                }
            }
            return -1; // '#' cannot start a name
        }
        int end = start;
        for (int count = 0; count < MAX_NAME_CODE_POINTS && end < text.length(); count++) {
            int cp = text.codePointAt(end);
            if (cp == '\t' || cp == '\n' || cp == '\f' || cp == ' ' || cp == '<' || cp == '&' || cp == '#' || cp == ';') {
                break;
            }
            end += Character.charCount(cp);
        }
        return end == start ? -1 : optionalSemicolon(text, end);
    }

    private static int skip(String text, int from, int radix) {
        int end = from;
        while (end < text.length() && asciiDigit(text.charAt(end), radix) >= 0) {
            end++;
        }
        return end;
    }

    /** Python's [0-9] / [0-9a-fA-F] are ASCII only, unlike Character.digit. */
    private static int asciiDigit(char c, int radix) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (radix == 16 && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
            return (c | 0x20) - 'a' + 10;
        }
        return -1;
    }

    private static int optionalSemicolon(String text, int end) {
        return end < text.length() && text.charAt(end) == ';' ? end + 1 : end;
    }

    /** {@code reference} is what follows the '&', including any ';'. */
    private static String replacement(String reference) {
        if (reference.charAt(0) == '#') {
            return numericReplacement(reference);
        }
        String whole = HtmlEntities.HTML5.get(reference);
        if (whole != null) {
            return whole;
        }
        int codePoints = reference.codePointCount(0, reference.length());
        for (int prefix = codePoints - 1; prefix > 1; prefix--) {
            int cut = reference.offsetByCodePoints(0, prefix);
            String known = HtmlEntities.HTML5.get(reference.substring(0, cut));
            if (known != null) {
                return known + reference.substring(cut);
            }
        }
        return "&" + reference;
    }

    private static String numericReplacement(String reference) {
        boolean hex = (reference.charAt(1) | 0x20) == 'x';
        int radix = hex ? 16 : 10;
        int value = parseSaturated(reference, hex ? 2 : 1, radix);
        String redirected = HtmlEntities.INVALID_CHARREFS.get(value);
        if (redirected != null) {
            return redirected;
        }
        // Python >= 3.11 refuses decimal strings over 4,300 digits with a ValueError; those land here as U+FFFD.
        if ((value >= 0xD800 && value <= 0xDFFF) || value > MAX_CODE_POINT) {
            return "\uFFFD";
        }
        if (HtmlEntities.INVALID_CODEPOINTS.contains(value)) {
            return "";
        }
        return new String(Character.toChars(value));
    }

    /** The number's value, or MAX_CODE_POINT + 1 for anything larger (Python parses arbitrary precision). */
    private static int parseSaturated(String reference, int from, int radix) {
        long value = 0;
        for (int i = from; i < reference.length() && reference.charAt(i) != ';'; i++) {
            value = value * radix + asciiDigit(reference.charAt(i), radix);
            if (value > MAX_CODE_POINT) {
                return MAX_CODE_POINT + 1;
            }
        }
        return (int) value;
    }
}
