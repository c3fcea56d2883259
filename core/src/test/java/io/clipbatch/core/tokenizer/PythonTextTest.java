package io.clipbatch.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Python str semantics that Java does differently (the exhaustive comparison is in PythonUnicodeReferenceTest). */
class PythonTextTest {

    @Test
    void lowerLikePython() {
        assertEquals("i\u0307stanbul", PythonText.lower("İstanbul"), "U+0130 becomes two code points");
        assertEquals("ısparta", PythonText.lower("ıSPARTA"), "dotless i stays");
        assertEquals("straße", PythonText.lower("STRAßE"));
        assertEquals("οδυσσευς", PythonText.lower("ΟΔΥΣΣΕΥΣ"), "final sigma only at the end");
        assertEquals("σας. σ σa aς a'ς a.ς", PythonText.lower("ΣΑΣ. Σ Σa aΣ a'Σ a.Σ"));
        assertEquals("aσ'b", PythonText.lower("AΣ'B"), "a cased letter after case-ignorables");
        assertEquals("ǆ ǆ k å", PythonText.lower("Ǆ ǅ K Å"));
        assertEquals("𐐨", PythonText.lower("𐐀"), "outside the BMP");
    }

    @Test
    void stripUsesIsspaceButCollapseUsesRegexSpace() {
        assertEquals("a\u001cb", PythonText.strip("\u001c\u001f a\u001cb \u3000\u0085"));
        assertEquals("a\u001cb c d", PythonText.collapseWhitespace("a\u001cb\u00a0\u2009c\t\n\r d"));
        assertEquals("a b", PythonText.collapseWhitespace("a   b"));
        assertEquals(" a b ", PythonText.collapseWhitespace("\u3000a\u2028b\u0085"));
        String unchanged = "a b c";
        assertEquals(unchanged, PythonText.collapseWhitespace(unchanged));
    }

    @Test
    void zeroWidthSpaceIsNotWhitespace() {
        assertEquals("a\u200bb", PythonText.collapseWhitespace("a\u200bb"));
        assertEquals("\u200ba", PythonText.strip("\u200ba "));
    }
}
