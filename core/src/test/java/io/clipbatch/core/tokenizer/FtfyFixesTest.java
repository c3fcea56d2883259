package io.clipbatch.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The ftfy 6.3 default fixes we reproduce. Expected values are ftfy's own (its tests/ and docstrings) where it
 * has them; ftfy cannot run here, so the rest follow its source, step by step.
 */
class FtfyFixesTest {

    @Test
    void htmlEntitiesAsFtfyDecodesThem() {
        // ftfy tests/test_entities.py
        assertEquals("&\n<html>\n&amp;", FtfyFixes.fixText("&amp;\n<html>\n&amp;"), "'<' stops unescaping from its line on");
        assertEquals("<>", FtfyFixes.fixText("&lt;&gt;"));
        assertEquals("jednocześnie", FtfyFixes.fixText("jednocze&sacute;nie"));
        assertEquals("JEDNOCZEŚNIE", FtfyFixes.fixText("JEDNOCZE&Sacute;NIE"));
        assertEquals("broken\u0081", FtfyFixes.fixText("broken&#x81;"));
        assertEquals("&", FtfyFixes.fixText("&amp;amp;amp;"), "repeated until nothing changes");
        assertEquals("euro €", FtfyFixes.unescapeHtml("euro &#x80;"));
        assertEquals("EURO €", FtfyFixes.unescapeHtml("EURO &EURO;"));
        assertEquals("not an entity &#20x6;", FtfyFixes.unescapeHtml("not an entity &#20x6;"));
        assertEquals("JEDNOCZEŚNIE", FtfyFixes.unescapeHtml("JEDNOCZE&SACUTE;NIE"));
        assertEquals("VŠICHNI", FtfyFixes.unescapeHtml("V&SCARON;ICHNI"));
        assertEquals("", FtfyFixes.unescapeHtml("&#xffff;"));
        assertEquals("\uFFFD", FtfyFixes.unescapeHtml("&#xffffffff;"));
        assertEquals("this is just informal english &not html", FtfyFixes.fixText("this is just informal english &not html"));
        // ftfy.fixes.unescape_html docstring
        assertEquals("𝒥ohn ℋancock", FtfyFixes.unescapeHtml("&Jscr;ohn &HilbertSpace;ancock"));
        assertEquals("✓", FtfyFixes.unescapeHtml("&checkmark;"));
        assertEquals("BUNDESSTRASSE", FtfyFixes.unescapeHtml("BUNDESSTRA&SZLIG;E"));
        assertEquals("ñ Ñ Ñ &nTILDE;", FtfyFixes.unescapeHtml("&ntilde; &Ntilde; &NTILDE; &nTILDE;"));
        assertEquals("&abcdefghijklmnopqrstuvwxyz;", FtfyFixes.unescapeHtml("&abcdefghijklmnopqrstuvwxyz;"), "over 24");
    }

    @Test
    void charactersAsFtfyFixesThem() {
        // ftfy docstrings and tests/test_characters.py
        assertEquals("LOUD NOISES", FtfyFixes.fixText("ＬＯＵＤ　ＮＯＩＳＥＳ"));
        assertEquals("Uターン", FtfyFixes.fixText("Ｕﾀｰﾝ"));
        assertEquals("fluffiest", FtfyFixes.fixLatinLigatures("ﬂuﬃeﬆ"));
        assertEquals("\"here's a test\"", FtfyFixes.uncurlQuotes("\u201chere\u2019s a test\u201d"));
        assertEquals("I'm blue, da ba dee da ba doo...",
                FtfyFixes.removeTerminalEscapes("\033[36;44mI'm blue, da ba dee da ba doo...\033[0m"));
        assertEquals("foo", FtfyFixes.fixText("\001\033[36;44mfoo"));
        assertEquals("Sometimes, bad ideas like these characters get standardized.\r\n", FtfyFixes.removeControlChars(
                "\ufeffSometimes, \ufffcbad ideas \u007f\ufffalike these characters\ufffb \u206aget standardized.\r\n"));
        String welshFlag = "This flag has a dragon on it \uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC77\uDB40\uDC6C\uDB40\uDC73\uDB40\uDC7F";
        assertEquals(welshFlag, FtfyFixes.fixText(welshFlag), "tag characters are kept");
        assertEquals("Content-type: text/plain\n\nHi.", FtfyFixes.fixLineBreaks("Content-type: text/plain\r\n\r\nHi."));
        assertEquals("What is this \n I don't even", FtfyFixes.fixLineBreaks("What is this \u0085 I don't even"));
        assertEquals("a\n\nb\nc\nd", FtfyFixes.fixLineBreaks("a\r\r\nb\u2028c\u2029d"));
        assertEquals("\uFFFD\uFFFD", FtfyFixes.fixSurrogates("\uDCA9\uD83D"), "lone surrogates");
        assertEquals("\uD83D\uDCA9", FtfyFixes.fixSurrogates("\uD83D\uDCA9"), "a pair is one character already");
    }

    @Test
    void c1ControlsReadAsWindows1252ExceptItsFiveHoles() {
        assertEquals("\u0081€‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ",
                FtfyFixes.fixC1Controls("\u0081\u0080\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E"
                        + "\u008F\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F"));
        // In fix_text the C1 fix runs before the line-break fix, so NEL ends up as an ellipsis.
        assertEquals("a…b", FtfyFixes.fixText("a\u0085b"));
        assertEquals("it's \"ok\" ...", FtfyFixes.fixText("it\u0092s \u0093ok\u0094 ..."));
    }

    @Test
    void nfcComposesAndOtherTextIsLeftAlone() {
        assertEquals("café", FtfyFixes.fixText("cafe\u0301"));
        assertEquals("が", FtfyFixes.fixText("か\u3099"));
        assertEquals("½ ² ℌ ff", FtfyFixes.fixText("½ ² ℌ ﬀ"), "NFC keeps compatibility characters; only Latin ligatures split");
        assertEquals("a photo of a dog.\tok\n", FtfyFixes.fixText("a photo of a dog.\tok\n"));
        assertEquals("", FtfyFixes.fixText(""));
    }

    @Test
    void mojibakeIsNotRepaired() {
        // ftfy would give "schön" (fix_encoding); documented in README.md as the one missing fix.
        assertEquals("schÃ¶n", FtfyFixes.fixText("schÃ¶n"));
    }
}
