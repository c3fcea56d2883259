package io.clipbatch.core.tokenizer;

import java.nio.charset.Charset;
import java.text.Normalizer;

/**
 * The deterministic part of {@code ftfy.fix_text(text)} with ftfy 6.3's default configuration, which CLIP's
 * {@code basic_clean} calls first. Reproduced step for step and in ftfy's order, repeated until nothing changes:
 * {@code unescape_html} (only while no segment so far contained '<'), {@code fix_c1_controls},
 * {@code fix_latin_ligatures}, {@code fix_character_width}, {@code uncurl_quotes}, {@code fix_line_breaks},
 * {@code fix_surrogates}, {@code remove_terminal_escapes}, {@code remove_control_chars}, NFC normalisation.
 * As in ftfy, the text is fixed one line (up to and including '\n') at a time.
 *
 * <p>Not reproduced: {@code fix_encoding} (mojibake repair: re-decoding text that ftfy's "badness" heuristic
 * judges to be UTF-8 read as Latin-1/Windows-125x/MacRoman/cp437, with {@code restore_byte_a0},
 * {@code replace_lossy_sequences} and {@code decode_inconsistent_utf8}). It leaves ASCII and ordinary text alone,
 * so it only matters for text that is already broken, such as "schÃ¶n". See README.md in this package.
 */
final class FtfyFixes {
    private static final char[] SLOPPY_WINDOWS_1252 = sloppyWindows1252C1();
    private static final String[] WIDTH_MAP = widthMap();
    private static final int WIDTH_MAP_START = 0xFF01;

    private FtfyFixes() {
    }

    /** {@code ftfy.fix_text(text)} less {@code fix_encoding}. */
    static String fixText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean unescapeHtml = true;
        for (int pos = 0; pos < text.length(); ) {
            int newline = text.indexOf('\n', pos);
            int end = newline < 0 ? text.length() : newline + 1;
            String segment = text.substring(pos, end);
            // ftfy's "auto": a '<' means real HTML, so entities stay, in this segment and all later ones.
            unescapeHtml &= segment.indexOf('<') < 0;
            out.append(fixSegment(segment, unescapeHtml));
            pos = end;
        }
        return out.toString();
    }

    private static String fixSegment(String text, boolean unescapeHtml) {
        if (isPlainAscii(text, unescapeHtml)) {
            return text;
        }
        while (true) {
            String original = text;
            if (unescapeHtml) {
                text = unescapeHtml(text);
            }
            text = fixC1Controls(text);
            text = fixLatinLigatures(text);
            text = fixCharacterWidth(text);
            text = uncurlQuotes(text);
            text = fixLineBreaks(text);
            text = fixSurrogates(text);
            text = removeTerminalEscapes(text);
            text = removeControlChars(text);
            text = nfc(text);
            if (text.equals(original)) {
                return text;
            }
        }
    }

    /** Printable ASCII, tab and LF (and no '&' when unescaping): every step below leaves such text unchanged. */
    private static boolean isPlainAscii(String text, boolean unescapeHtml) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 || c > 0x7E) && c != '\t' && c != '\n' || (c == '&' && unescapeHtml)) {
                return false;
            }
        }
        return true;
    }

    /**
     * ftfy's {@code unescape_html}: references matching {@code &#?[0-9A-Za-z]{1,24};} that ftfy knows (HTML5 names
     * ending in ';', some all-caps spellings, numeric references Python decodes completely) are replaced.
     */
    static String unescapeHtml(String text) {
        int amp = text.indexOf('&');
        if (amp < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (amp >= 0) {
            int nameStart = amp + 1 < text.length() && text.charAt(amp + 1) == '#' ? amp + 2 : amp + 1;
            int nameEnd = nameStart;
            while (nameEnd < text.length() && isAsciiAlphanumeric(text.charAt(nameEnd))) {
                nameEnd++;
            }
            int length = nameEnd - nameStart;
            if (length < 1 || length > 24 || nameEnd >= text.length() || text.charAt(nameEnd) != ';') {
                amp = text.indexOf('&', amp + 1);
                continue;
            }
            String entity = text.substring(amp, nameEnd + 1);
            out.append(text, copied, amp).append(ftfyEntity(entity));
            copied = nameEnd + 1;
            amp = text.indexOf('&', copied);
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static String ftfyEntity(String entity) {
        String known = HtmlEntities.FTFY.get(entity);
        if (known != null) {
            return known;
        }
        if (entity.startsWith("&#")) {
            String decoded = HtmlUnescape.unescape(entity);
            return decoded.indexOf(';') >= 0 ? entity : decoded; // only a fully consumed reference counts
        }
        return entity;
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** C1 controls U+0080..U+009F read as Windows-1252, keeping the five bytes it leaves undefined. */
    static String fixC1Controls(String text) {
        return mapChars(text, 0x80, 0x9F, c -> String.valueOf(SLOPPY_WINDOWS_1252[c - 0x80]));
    }

    private static char[] sloppyWindows1252C1() {
        char[] table = new char[0x20];
        byte[] bytes = new byte[1];
        for (int b = 0x80; b <= 0x9F; b++) {
            bytes[0] = (byte) b;
            char decoded = new String(bytes, Charset.forName("windows-1252")).charAt(0);
            table[b - 0x80] = decoded == '\uFFFD' ? (char) b : decoded;
        }
        return table;
    }

    /** ftfy's LIGATURES table: Latin typographic ligatures and legacy digraphs, spelled out. */
    static String fixLatinLigatures(String text) {
        return mapChars(text, 0x132, 0xFB06, FtfyFixes::ligature);
    }

    private static String ligature(char c) {
        return switch (c) {
            case '\u0132' -> "IJ";
            case '\u0133' -> "ij";
            case '\u0149' -> "\u02BCn";
            case '\u01F1' -> "DZ";
            case '\u01F2' -> "Dz";
            case '\u01F3' -> "dz";
            case '\u01C4' -> "D\u017D";
            case '\u01C5' -> "D\u017E";
            case '\u01C6' -> "d\u017E";
            case '\u01C7' -> "LJ";
            case '\u01C8' -> "Lj";
            case '\u01C9' -> "lj";
            case '\u01CA' -> "NJ";
            case '\u01CB' -> "Nj";
            case '\u01CC' -> "nj";
            case '\uFB00' -> "ff";
            case '\uFB01' -> "fi";
            case '\uFB02' -> "fl";
            case '\uFB03' -> "ffi";
            case '\uFB04' -> "ffl";
            case '\uFB05' -> "\u017Ft";
            case '\uFB06' -> "st";
            default -> null;
        };
    }

    /** Ideographic space to ' ', and U+FF01..U+FFEF to their NFKC form where that differs (ftfy's WIDTH_MAP). */
    static String fixCharacterWidth(String text) {
        return mapChars(text, 0x3000, 0xFFEF, c -> c == '\u3000' ? " "
                : c >= WIDTH_MAP_START ? WIDTH_MAP[c - WIDTH_MAP_START] : null);
    }

    private static String[] widthMap() {
        String[] map = new String[0xFFEF - WIDTH_MAP_START + 1];
        for (int c = WIDTH_MAP_START; c <= 0xFFEF; c++) {
            String original = String.valueOf((char) c);
            String normal = Normalizer.normalize(original, Normalizer.Form.NFKC);
            map[c - WIDTH_MAP_START] = normal.equals(original) ? null : normal;
        }
        return map;
    }

    /** U+02BC and U+2018..U+201B to ', U+201C..U+201F to ". */
    static String uncurlQuotes(String text) {
        return mapChars(text, 0x2BC, 0x201F, c -> c == '\u02BC' || (c >= '\u2018' && c <= '\u201B') ? "'"
                : c >= '\u201C' ? "\"" : null);
    }

    /** CRLF, CR, U+2028, U+2029 and U+0085 to LF. */
    static String fixLineBreaks(String text) {
        String crlfFixed = text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n");
        return mapChars(crlfFixed, 0xD, 0x2029,
                c -> c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085' ? "\n" : null);
    }

    /** Python strings may hold lone surrogates (Java's pairs are already whole characters): each becomes U+FFFD. */
    static String fixSurrogates(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            boolean lone = Character.isSurrogate(c);
            if (lone && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(lone ? '\uFFFD' : c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** ANSI escapes {@code ESC [ (\d|;)* [a-zA-Z]}, where \d is any Unicode decimal digit as in Python's re. */
    static String removeTerminalEscapes(String text) {
        int esc = text.indexOf("\u001B[");
        if (esc < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (esc >= 0) {
            int end = esc + 2;
            while (end < text.length()) {
                int cp = text.codePointAt(end);
                if (cp != ';' && Character.getType(cp) != Character.DECIMAL_DIGIT_NUMBER) {
                    break;
                }
                end += Character.charCount(cp);
            }
            if (end < text.length() && isAsciiLetter(text.charAt(end))) {
                out.append(text, copied, esc);
                copied = end + 1;
                esc = text.indexOf("\u001B[", copied);
            } else {
                esc = text.indexOf("\u001B[", esc + 1);
            }
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Drops U+0000..0008, 000B, 000E..001F, 007F, 206A..206F, FEFF, FFF9..FFFC (ftfy's CONTROL_CHARS). */
    static String removeControlChars(String text) {
        return mapChars(text, 0x0, 0xFFFC, c -> isRemovedControl(c) ? "" : null);
    }

    private static boolean isRemovedControl(char c) {
        return c <= 0x8 || c == 0xB || (c >= 0xE && c <= 0x1F) || c == 0x7F || (c >= 0x206A && c <= 0x206F)
                || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
    }

    static String nfc(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x300) { // below U+0300 nothing decomposes or combines
                return Normalizer.normalize(text, Normalizer.Form.NFC);
            }
        }
        return text;
    }

    private interface CharMapping {
        /** Replacement for {@code c}, or null to keep it. */
        String map(char c);
    }

    /** Replaces the chars in [first, last] that {@code mapping} maps; returns {@code text} itself when none is. */
    private static String mapChars(String text, int first, int last, CharMapping mapping) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = c >= first && c <= last ? mapping.map(c) : null;
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
