package io.clipbatch.core.bundle;

import java.nio.file.Path;

/** Builds a tokenizer from the file a bundle names ({@code ClipTokenizer::load}). */
@FunctionalInterface
public interface TokenizerLoader<T> {
    T load(Path file) throws Exception;
}
