package io.clipbatch.core.tokenizer;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A BPE vocabulary as loaded from disk: token strings (in GPT-2's byte-character alphabet) with their ids, and
 * the merges in rank order. {@code source} names the file(s) for error messages.
 *
 * @param idByToken token string to id; for a duplicated string the last id wins, as with Python's dict(zip(...))
 * @param merges    pairs of token strings, best (lowest rank) first
 * @param size      one more than the largest id
 */
record Vocabulary(Map<String, Integer> idByToken, List<String[]> merges, int size, String source) implements Serializable {
}
