package io.clipbatch.core.tokenizer;

/**
 * CLIP's text normalisation before BPE: {@code whitespace_clean(basic_clean(text)).lower()} from OpenAI's
 * {@code simple_tokenizer.py}, where
 * {@code basic_clean = ftfy.fix_text, html.unescape twice, strip} and
 * {@code whitespace_clean = regex.sub(r'\s+', ' '), strip}.
 * Only ftfy's mojibake repair is missing (see {@link FtfyFixes}).
 */
final class TextCleaner {
    private TextCleaner() {
    }

    static String clean(String text) {
        return cleanAfterFtfy(FtfyFixes.fixText(text));
    }

    /** Everything after {@code ftfy.fix_text}: the part of the cleaning that plain Python can check. */
    static String cleanAfterFtfy(String fixed) {
        String unescaped = HtmlUnescape.unescape(HtmlUnescape.unescape(fixed));
        String collapsed = PythonText.collapseWhitespace(PythonText.strip(unescaped));
        return PythonText.lower(PythonText.strip(collapsed));
    }
}
