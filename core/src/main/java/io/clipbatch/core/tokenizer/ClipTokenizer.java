package io.clipbatch.core.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * OpenAI CLIP's text tokenizer ({@code clip/simple_tokenizer.py} and {@code clip.tokenize}) in plain Java,
 * token for token: text cleaning, the split pattern, byte-level BPE, and SOT/EOT framing with zero padding.
 *
 * <p>Cleaning is {@code whitespace_clean(basic_clean(text)).lower()}. {@code ftfy.fix_text} does not exist in
 * Java: its deterministic default fixes are reproduced (HTML entities, C1 controls, Latin ligatures, full/half
 * width forms, curly quotes, line breaks, surrogates, terminal escapes, control characters, NFC normalisation),
 * but its mojibake repair ({@code fix_encoding}) is not, so already-garbled text such as "schÃ¶n" is tokenized
 * as written where OpenAI's would first repair it to "schön". Clean text, ASCII or not, is unaffected. The
 * package's README.md lists every difference.
 *
 * <p>Instances are immutable apart from an internal word cache, safe to share between threads, and
 * serializable (the cache is rebuilt after deserialization).
 */
public final class ClipTokenizer implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int DEFAULT_CONTEXT_LENGTH = 77;
    public static final String START_OF_TEXT = "<|startoftext|>";
    public static final String END_OF_TEXT = "<|endoftext|>";

    private final BytePairEncoder bpe;
    private final int startOfText;
    private final int endOfText;

    private ClipTokenizer(Vocabulary vocabulary) {
        this.startOfText = requireSpecial(vocabulary, START_OF_TEXT);
        this.endOfText = requireSpecial(vocabulary, END_OF_TEXT);
        this.bpe = new BytePairEncoder(vocabulary, endOfText);
    }

    private static int requireSpecial(Vocabulary vocabulary, String token) {
        Integer id = vocabulary.idByToken().get(token);
        if (id == null) {
            throw VocabularyFiles.fileError(vocabulary.source(), "has no " + token + " token");
        }
        return id;
    }

    /** OpenAI's {@code bpe_simple_vocab_16e6.txt.gz} (49,408 tokens). */
    public static ClipTokenizer fromOpenAiBpe(Path gz) {
        return new ClipTokenizer(VocabularyFiles.readOpenAiBpe(gz));
    }

    /** Hugging Face's {@code vocab.json} and {@code merges.txt}. */
    public static ClipTokenizer fromVocabAndMerges(Path vocabJson, Path mergesTxt) {
        return new ClipTokenizer(VocabularyFiles.readVocabAndMerges(vocabJson, mergesTxt));
    }

    /** Hugging Face's {@code tokenizer.json} (a BPE model with vocab and merges). */
    public static ClipTokenizer fromTokenizerJson(Path json) {
        return new ClipTokenizer(VocabularyFiles.readTokenizerJson(json));
    }

    /**
     * Chooses the format by file name: {@code *.gz} is OpenAI's; {@code vocab.json} or {@code merges.txt} uses its
     * sibling of the other name; any other {@code *.json} is a {@code tokenizer.json}. A directory is searched
     * for {@code tokenizer.json}, then {@code vocab.json} + {@code merges.txt}, then {@code bpe_simple_vocab_16e6.txt.gz}.
     */
    public static ClipTokenizer load(Path file) {
        Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) {
            return load(chooseInDirectory(file));
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".gz")) {
            return fromOpenAiBpe(file);
        }
        if (name.equals("vocab.json")) {
            return fromVocabAndMerges(file, file.resolveSibling("merges.txt"));
        }
        if (name.equals("merges.txt")) {
            return fromVocabAndMerges(file.resolveSibling("vocab.json"), file);
        }
        if (name.endsWith(".json")) {
            return fromTokenizerJson(file);
        }
        throw VocabularyFiles.fileError(file, "is not a known tokenizer format (expected *.gz, vocab.json, merges.txt or tokenizer.json)");
    }

    private static Path chooseInDirectory(Path directory) {
        for (String name : new String[] {"tokenizer.json", "vocab.json", "bpe_simple_vocab_16e6.txt.gz"}) {
            if (Files.isRegularFile(directory.resolve(name))) {
                return directory.resolve(name);
            }
        }
        throw VocabularyFiles.fileError(directory, "holds none of tokenizer.json, vocab.json or bpe_simple_vocab_16e6.txt.gz");
    }

    /** BPE token ids of the cleaned text, without start/end tokens ({@code SimpleTokenizer.encode}). */
    public int[] encode(String text) {
        Objects.requireNonNull(text, "text");
        return encodeCleaned(TextCleaner.clean(text));
    }

    /** {@link #encode} of text that has already been through the cleaning steps. */
    int[] encodeCleaned(String cleaned) {
        List<int[]> words = new ArrayList<>();
        int total = 0;
        for (String word : PreTokenizer.split(cleaned)) {
            int[] ids = specialTokenId(word);
            if (ids == null) {
                ids = bpe.encodeWord(word);
            }
            words.add(ids);
            total += ids.length;
        }
        int[] out = new int[total];
        int at = 0;
        for (int[] ids : words) {
            System.arraycopy(ids, 0, out, at, ids.length);
            at += ids.length;
        }
        return out;
    }

    /** The special tokens written literally in the text keep their ids, as the Python BPE cache is seeded. */
    private int[] specialTokenId(String word) {
        if (word.equals(START_OF_TEXT)) {
            return new int[] {startOfText};
        }
        if (word.equals(END_OF_TEXT)) {
            return new int[] {endOfText};
        }
        return null;
    }

    /** {@code clip.tokenize(text, DEFAULT_CONTEXT_LENGTH, truncate=True)}. */
    public int[] tokenize(String text) {
        return tokenize(text, DEFAULT_CONTEXT_LENGTH, true);
    }

    /** {@code clip.tokenize(text, contextLength, truncate=True)}: over-long text ends with EOT at the last position. */
    public int[] tokenize(String text, int contextLength) {
        return tokenize(text, contextLength, true);
    }

    /**
     * {@code clip.tokenize(text, contextLength, truncate)}: [SOT] + ids + [EOT], zero padded to contextLength.
     * Too long text is cut with EOT as its last token when {@code truncate}; otherwise it is an
     * {@link IllegalArgumentException}.
     */
    public int[] tokenize(String text, int contextLength, boolean truncate) {
        if (contextLength < 1) {
            throw new IllegalArgumentException("Context length must be at least 1, got " + contextLength + ".");
        }
        int[] ids = encode(text);
        int[] row = new int[contextLength];
        int length = ids.length + 2;
        if (length > contextLength) {
            if (!truncate) {
                throw new IllegalArgumentException("Input \"" + text + "\" is too long for context length "
                        + contextLength + " (" + length + " tokens with start and end).");
            }
            length = contextLength;
        }
        row[0] = startOfText;
        System.arraycopy(ids, 0, row, 1, Math.min(ids.length, contextLength - 1));
        row[length - 1] = endOfText;
        return row;
    }

    /** {@code clip.tokenize(texts, contextLength, truncate=True)}: one row per text. */
    public int[][] tokenize(List<String> texts, int contextLength) {
        return tokenize(texts, contextLength, true);
    }

    public int[][] tokenize(List<String> texts, int contextLength, boolean truncate) {
        int[][] rows = new int[texts.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = tokenize(texts.get(i), contextLength, truncate);
        }
        return rows;
    }

    /**
     * {@code SimpleTokenizer.decode}: token strings joined, byte characters back to bytes, UTF-8 decoded with
     * U+FFFD for invalid sequences, {@code </w>} turned into a space. Padding (id 0, '!') and SOT/EOT are not
     * dropped, exactly like the Python.
     */
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            String token = bpe.tokenOf(id);
            if (token == null) {
                throw new IllegalArgumentException("Token id " + id + " is not in the vocabulary.");
            }
            for (int i = 0; i < token.length(); i++) {
                int b = ByteEncoder.byteOf(token.charAt(i));
                if (b < 0) {
                    throw new IllegalArgumentException("Token id " + id + " ('" + token + "') is not made of byte characters.");
                }
                bytes.write(b);
            }
        }
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8).replace(BytePairEncoder.END_OF_WORD, " ");
    }

    public int startOfText() {
        return startOfText;
    }

    public int endOfText() {
        return endOfText;
    }

    /** One more than the largest token id (49,408 for OpenAI's vocabulary). */
    public int vocabSize() {
        return bpe.size();
    }
}
