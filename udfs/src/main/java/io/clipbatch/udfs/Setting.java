package io.clipbatch.udfs;

import java.util.Locale;

/**
 * A scoring setting, named once so that each boundary can name it in its own words: the CLI as
 * {@code --top-k}, a transformer param as {@code topK}, a SQL option as {@code top_k}.
 */
public enum Setting {
    MODEL, DEVICE, INTRA_OP_THREADS, BATCH_SIZE, READER_THREADS, TOP_K, MAX_PIXELS, MAX_FILE_BYTES,
    DECODER_THREADS, PREPROCESS, EMBEDDING_DTYPE, PATH_COLUMN, BYTES_COLUMN, CLASSES, TEMPLATES;

    /** {@code top_k}. */
    public String snakeCase() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code topK}. */
    public String camelCase() {
        StringBuilder name = new StringBuilder();
        for (String word : snakeCase().split("_")) {
            name.append(name.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return name.toString();
    }

    /** {@code top-k}. */
    public String kebabCase() {
        return snakeCase().replace('_', '-');
    }
}
