package io.clipbatch.job.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * A retrieval sample's captions from its {@code .txt} member, split as clip_benchmark splits them
 * ({@code str.splitlines}): at every line boundary Python knows, with no trailing empty line and no
 * stripping, so that the captions and their order are the ones clip_benchmark embeds.
 */
public final class CaptionLines {
    private CaptionLines() {}

    public static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (!isBreak(c)) {
                i++;
                continue;
            }
            lines.add(text.substring(start, i));
            i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
            start = i;
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** Python's line boundaries: LF, VT, FF, CR, FS, GS, RS, NEL, LS, PS. */
    private static boolean isBreak(char c) {
        return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E) || c == 0x85
                || c == 0x2028 || c == 0x2029;
    }
}
