package io.clipbatch.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The split pattern's corner cases (the exhaustive comparison with regex.findall is in PythonGoldensTest). */
class PreTokenizerTest {

    @Test
    void contractionsNumbersAndPunctuation() {
        assertEquals(List.of("don", "'t", "we", "'ll", "they", "'re", "i", "'m", "it", "'s"),
                PreTokenizer.split("don't we'll they're i'm it's"));
        assertEquals(List.of("1", "2", "3", "abc", "4", ".", "5"), PreTokenizer.split("123abc4.5"));
        assertEquals(List.of("''", "s", ".'", "s"), PreTokenizer.split("''s .'s"), "a punctuation run swallows the quote");
        assertEquals(List.of("hyphen", "-", "ated", "slash", "/", "ed", "under", "_", "score"),
                PreTokenizer.split("hyphen-ated slash/ed under_score"));
        assertEquals(List.of("½", "ⅻ", "²"), PreTokenizer.split("½ⅻ²"), "each number character alone");
    }

    @Test
    void specialTokensOnlyWhereAMatchCanStart() {
        assertEquals(List.of("<|startoftext|>", "hi", "<|endoftext|>"), PreTokenizer.split("<|startoftext|>hi<|endoftext|>"));
        assertEquals(List.of("!<|", "endoftext", "|>"), PreTokenizer.split("!<|endoftext|>"));
    }

    @Test
    void ignoreCaseQuirksOfTheRegexModule() {
        assertEquals(List.of("it", "'ſ"), PreTokenizer.split("it'ſ"), "long s folds to s");
        assertEquals(List.of("<|ſtartoftext|>"), PreTokenizer.split("<|ſtartoftext|>"));
        assertEquals(List.of("α", "β"), PreTokenizer.split("α\u0345β"), "U+0345 is matched by no alternative");
    }

    @Test
    void whitespaceAndMarksOutsideTheBmp() {
        assertEquals(List.of("a", "b", "c"), PreTokenizer.split("a\u3000b\u00a0c"));
        assertEquals(List.of("🐶", "𝐀𝐁"), PreTokenizer.split("🐶 𝐀𝐁"));
        assertEquals(List.of("e", "\u0301"), PreTokenizer.split("e\u0301"), "a combining mark is not a letter");
    }
}
