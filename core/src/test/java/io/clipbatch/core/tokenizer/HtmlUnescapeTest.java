package io.clipbatch.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Python's html.unescape rules (the exhaustive comparison is in PythonGoldensTest). */
class HtmlUnescapeTest {

    @Test
    void namedReferencesWithAndWithoutSemicolon() {
        assertEquals("& < > \" '", HtmlUnescape.unescape("&amp; &lt; &gt; &quot; &apos;"));
        assertEquals("&amp", HtmlUnescape.unescape("&amp;amp"), "one pass only");
        assertEquals("& &x ¬it; ∉", HtmlUnescape.unescape("&amp &ampx &notit; &notin;"), "longest known prefix");
        assertEquals("&apos", HtmlUnescape.unescape("&apos"), "apos needs its semicolon");
        assertEquals("&unknown; & amp;", HtmlUnescape.unescape("&unknown; & amp;"));
        assertEquals("≂̸", HtmlUnescape.unescape("&NotEqualTilde;"), "two code points");
        assertEquals("&É", HtmlUnescape.unescape("&ampÉ"), "non-ASCII after a known prefix");
    }

    @Test
    void numericReferencesFollowHtml5ErrorRecovery() {
        assertEquals("AAB", HtmlUnescape.unescape("&#65;&#x41;&#X42"));
        assertEquals("A", HtmlUnescape.unescape("&#0000065;"));
        assertEquals("\uFFFD", HtmlUnescape.unescape("&#0;"));
        assertEquals("€", HtmlUnescape.unescape("&#128;"));
        assertEquals("\u0081", HtmlUnescape.unescape("&#129;"));
        assertEquals("\r", HtmlUnescape.unescape("&#13;"));
        assertEquals("", HtmlUnescape.unescape("&#1;&#11;&#x7f;&#xFDD0;&#xFFFE;&#x10FFFF;"));
        assertEquals("\uFFFD\uFFFD\uFFFD", HtmlUnescape.unescape("&#xD800;&#x110000;&#99999999999999999999;"));
        assertEquals("\uD83D\uDE00", HtmlUnescape.unescape("&#x1F600;"));
        assertEquals("&#; &#x; &#xg;", HtmlUnescape.unescape("&#; &#x; &#xg;"));
        assertEquals("A;", HtmlUnescape.unescape("&#65;;"));
    }

    @Test
    void namesStopAtWhitespaceAndDelimitersAndAfter32CodePoints() {
        String name32 = "a".repeat(32);
        assertEquals("&" + name32 + "b", HtmlUnescape.unescape("&" + name32 + "b"));
        assertEquals("<\t", HtmlUnescape.unescape("&lt\t"));
        assertEquals("&\n", HtmlUnescape.unescape("&\n"));
    }
}
