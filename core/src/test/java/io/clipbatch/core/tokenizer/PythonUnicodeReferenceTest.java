package io.clipbatch.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every code point, checked against what Python and the {@code regex} module do with it
 * (python-unicode-reference.txt, from tools/tokenizer/gen_python_goldens.py). Code points that only one side's
 * Unicode version assigns are skipped: there the two sides cannot agree by construction.
 */
class PythonUnicodeReferenceTest {
    private static final Map<String, BitSet> SETS = new HashMap<>();
    private static final Map<Integer, String> LOWER = new HashMap<>();
    private static List<Integer> comparable;
    private static final int MAX_REPORTED = 20;
    /** U+1734 HANUNOO SIGN PAMUDPOD became Mc (so no longer Case_Ignorable) in Unicode 14; Java 17 has Unicode 13. */
    private static final java.util.Set<Integer> PROPERTIES_CHANGED_SINCE_UNICODE_13 = java.util.Set.of(0x1734);

    @BeforeAll
    static void readReference() throws IOException {
        try (InputStream in = PythonUnicodeReferenceTest.class.getResourceAsStream("python-unicode-reference.txt")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String section = null;
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[")) {
                    section = line.substring(1, line.length() - 1);
                } else if (section.equals("lower")) {
                    String[] fields = line.split("\t");
                    StringBuilder lowered = new StringBuilder();
                    for (String hex : fields[1].split(" ")) {
                        lowered.appendCodePoint(Integer.parseInt(hex, 16));
                    }
                    LOWER.put(Integer.parseInt(fields[0], 16), lowered.toString());
                } else {
                    SETS.put(section, parseRanges(line));
                }
            }
        }
    }

    private static BitSet parseRanges(String line) {
        BitSet set = new BitSet(0x110000);
        for (String range : line.trim().split(" ")) {
            if (!range.isEmpty()) {
                String[] ends = range.split("-");
                int first = Integer.parseInt(ends[0], 16);
                set.set(first, Integer.parseInt(ends[ends.length - 1], 16) + 1);
            }
        }
        return set;
    }

    /**
     * Code points whose assigned-ness agrees between Java's Unicode version and both Python's (unicodedata) and
     * the regex module's, less the few whose properties changed between those versions.
     */
    private static List<Integer> comparableCodePoints() {
        if (comparable != null) {
            return comparable;
        }
        BitSet assigned = SETS.get("assigned");
        BitSet regexAssigned = SETS.get("regex-assigned");
        List<Integer> found = new ArrayList<>();
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            boolean javaAssigned = Character.getType(cp) != Character.UNASSIGNED;
            boolean surrogate = cp >= 0xD800 && cp <= 0xDFFF;
            if (!surrogate && javaAssigned == assigned.get(cp) && javaAssigned == regexAssigned.get(cp)
                    && !PROPERTIES_CHANGED_SINCE_UNICODE_13.contains(cp)) {
                found.add(cp);
            }
        }
        assertTrue(found.size() > 1_000_000, "almost every code point should be comparable");
        comparable = found;
        return comparable;
    }

    private static void assertSameSet(String section, IntPredicate java) {
        BitSet python = SETS.get(section);
        List<String> mismatches = new ArrayList<>();
        for (int cp : comparableCodePoints()) {
            if (python.get(cp) != java.test(cp) && mismatches.size() < MAX_REPORTED) {
                mismatches.add(String.format("U+%04X python=%s java=%s", cp, python.get(cp), java.test(cp)));
            }
        }
        assertEquals(List.of(), mismatches, section);
    }

    @Test
    void letterClassMatchesRegexModule() {
        assertSameSet("regex-letter", PreTokenizer::isLetter);
    }

    @Test
    void numberClassMatchesRegexModule() {
        assertSameSet("regex-number", PreTokenizer::isNumber);
    }

    @Test
    void otherClassMatchesRegexModule() {
        assertSameSet("regex-other", PreTokenizer::isOther);
    }

    @Test
    void whitespaceMatchesRegexModuleAndIsspace() {
        assertSameSet("regex-space", PythonText::isRegexSpace);
        assertSameSet("isspace", PythonText::isSpace);
    }

    @Test
    void lowerMatchesPythonStrLower() {
        List<String> mismatches = new ArrayList<>();
        for (int cp : comparableCodePoints()) {
            String single = new String(Character.toChars(cp));
            String expected = LOWER.getOrDefault(cp, single);
            String actual = PythonText.lower(single);
            if (!expected.equals(actual) && mismatches.size() < MAX_REPORTED) {
                mismatches.add(String.format("U+%04X python=%s java=%s", cp,
                        PythonGoldensTest.describe(expected), PythonGoldensTest.describe(actual)));
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void finalSigmaContextMatchesPython() {
        assertSameSet("final-sigma-after-c", cp -> endsWithFinalSigma(PythonText.lower(str(cp) + "\u03A3")));
        assertSameSet("final-sigma-after-A-c", cp -> endsWithFinalSigma(PythonText.lower("A" + str(cp) + "\u03A3")));
        assertSameSet("final-sigma-before-c", cp -> PythonText.lower("A\u03A3" + str(cp)).charAt(1) == '\u03C2');
    }

    private static String str(int cp) {
        return new String(Character.toChars(cp));
    }

    private static boolean endsWithFinalSigma(String text) {
        return text.charAt(text.length() - 1) == '\u03C2';
    }
}
