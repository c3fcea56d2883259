package io.clipbatch.core.tokenizer;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The BPE step of OpenAI's {@code SimpleTokenizer.bpe} on token ids instead of strings: a pre-token's UTF-8 bytes
 * become byte-character tokens (the last one with the {@code </w>} end-of-word marker), then the adjacent pair
 * with the lowest merge rank is merged everywhere, left to right, until no ranked pair is left.
 *
 * <p>Results are cached per pre-token (like the Python cache) in a map that is safe to share between threads.
 */
final class BytePairEncoder implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String END_OF_WORD = "</w>";
    /** Caches at most this many distinct words, so an endless stream of new words cannot exhaust memory. */
    private static final int CACHE_LIMIT = 1 << 17;
    private static final int NO_ID = -1;

    private final String[] tokenById;
    private final Map<String, Integer> idByToken;
    private final Map<Long, Integer> rankByPair;
    private final int[] mergedIdByRank;
    private final int[] idOfByte;
    private final int[] idOfFinalByte;
    private final int unknownId;
    private transient ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * @param unknownId id for a byte character the vocabulary lacks (possible only in a custom vocabulary;
     *                  Hugging Face's CLIPTokenizer uses {@code <|endoftext|>} there, OpenAI's would fail)
     */
    BytePairEncoder(Vocabulary vocabulary, int unknownId) {
        this.idByToken = vocabulary.idByToken();
        this.tokenById = new String[vocabulary.size()];
        idByToken.forEach((token, id) -> tokenById[id] = token);
        this.unknownId = unknownId;
        this.rankByPair = new HashMap<>(vocabulary.merges().size() * 2);
        this.mergedIdByRank = new int[vocabulary.merges().size()];
        for (int rank = 0; rank < vocabulary.merges().size(); rank++) {
            String[] pair = vocabulary.merges().get(rank);
            int left = requireToken(vocabulary, pair[0], pair);
            int right = requireToken(vocabulary, pair[1], pair);
            mergedIdByRank[rank] = requireToken(vocabulary, pair[0] + pair[1], pair);
            rankByPair.put(pairKey(left, right), rank); // a repeated pair keeps its last rank, as in Python
        }
        this.idOfByte = new int[256];
        this.idOfFinalByte = new int[256];
        for (int b = 0; b < 256; b++) {
            String byteChar = String.valueOf(ByteEncoder.charOf(b));
            idOfByte[b] = idByToken.getOrDefault(byteChar, NO_ID);
            idOfFinalByte[b] = idByToken.getOrDefault(byteChar + END_OF_WORD, NO_ID);
        }
    }

    private static int requireToken(Vocabulary vocabulary, String token, String[] pair) {
        Integer id = vocabulary.idByToken().get(token);
        if (id == null) {
            throw new IllegalArgumentException("Tokenizer file " + vocabulary.source() + " has the merge '" + pair[0]
                    + " " + pair[1] + "' but no vocabulary entry for '" + token + "'.");
        }
        return id;
    }

    private static long pairKey(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** Token ids of one pre-token; the caller must not modify the returned array (it may be cached). */
    int[] encodeWord(String word) {
        int[] cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        int[] ids = bytePairMerge(word);
        if (cache.size() < CACHE_LIMIT) {
            cache.put(word, ids);
        }
        return ids;
    }

    private int[] bytePairMerge(String word) {
        byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
        int[] symbols = new int[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xFF;
            symbols[i] = i == utf8.length - 1 ? idOfFinalByte[b] : idOfByte[b];
        }
        int length = symbols.length;
        while (length > 1) {
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < length; i++) {
                Integer rank = rankOf(symbols[i], symbols[i + 1]);
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                }
            }
            if (bestRank == Integer.MAX_VALUE) {
                break;
            }
            length = mergeAll(symbols, length, bestRank);
        }
        int[] ids = Arrays.copyOf(symbols, length);
        for (int i = 0; i < length; i++) {
            if (ids[i] == NO_ID) {
                ids[i] = unknownId;
            }
        }
        return ids;
    }

    private Integer rankOf(int left, int right) {
        if (left == NO_ID || right == NO_ID) {
            return null;
        }
        return rankByPair.get(pairKey(left, right));
    }

    /** Merges every non-overlapping occurrence, scanning left to right, of the pair with {@code rank}, in place. */
    private int mergeAll(int[] symbols, int length, int rank) {
        int merged = mergedIdByRank[rank];
        int out = 0;
        for (int i = 0; i < length; ) {
            Integer pairRank = i + 1 < length ? rankOf(symbols[i], symbols[i + 1]) : null;
            if (pairRank != null && pairRank == rank) {
                symbols[out++] = merged;
                i += 2;
            } else {
                symbols[out++] = symbols[i++];
            }
        }
        return out;
    }

    Integer idOf(String token) {
        return idByToken.get(token);
    }

    int size() {
        return tokenById.length;
    }

    /** The token string of {@code id}, or null for an id the vocabulary does not use. */
    String tokenOf(int id) {
        return id >= 0 && id < tokenById.length ? tokenById[id] : null;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        cache = new ConcurrentHashMap<>();
    }
}
