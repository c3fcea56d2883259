package io.clipbatch.udfs.sql;

import io.clipbatch.udfs.InvalidSettingException;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.Setting;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@code clip_score}'s options map, typed once: its keys are {@code score}'s flags in snake_case
 * ({@code top_k} for {@code --top-k}) with the same values. {@code classes} and {@code templates} name
 * files, read when the zero-shot head is built; every other key sets the scoring spec.
 *
 * @param classes   the class-name file, or null for embeddings only
 * @param templates the template file, or null for CLIP's {@code a photo of a {}.}
 */
record ScoreOptions(ScoringSpec spec, String classes, String templates) {
    private static final String CLASSES = Setting.CLASSES.snakeCase();
    private static final String TEMPLATES = Setting.TEMPLATES.snakeCase();
    private static final String EXIF_TRANSPOSE = "exif_transpose";

    /** The spec settings a key can set, in the order the refusal of an unknown key lists them. */
    private static final Map<String, BiConsumer<ScoringSpec.Builder, String>> SPEC_KEYS = new LinkedHashMap<>();

    static {
        SPEC_KEYS.put(Setting.TOP_K.snakeCase(), (b, v) -> b.topK(whole(Setting.TOP_K, v)));
        SPEC_KEYS.put(Setting.BATCH_SIZE.snakeCase(), (b, v) -> b.batchSize(whole(Setting.BATCH_SIZE, v)));
        SPEC_KEYS.put(Setting.READER_THREADS.snakeCase(), (b, v) -> b.readerThreads(whole(Setting.READER_THREADS, v)));
        SPEC_KEYS.put(Setting.DECODER_THREADS.snakeCase(), (b, v) -> b.decoderThreads(whole(Setting.DECODER_THREADS, v)));
        SPEC_KEYS.put(Setting.INTRA_OP_THREADS.snakeCase(), (b, v) -> b.intraOpThreads(whole(Setting.INTRA_OP_THREADS, v)));
        SPEC_KEYS.put(Setting.DEVICE.snakeCase(), ScoringSpec.Builder::device);
        SPEC_KEYS.put(Setting.PREPROCESS.snakeCase(), ScoringSpec.Builder::preprocess);
        SPEC_KEYS.put(Setting.EMBEDDING_DTYPE.snakeCase(), ScoringSpec.Builder::embeddingDtype);
        SPEC_KEYS.put(Setting.PATH_COLUMN.snakeCase(), ScoringSpec.Builder::pathColumn);
        SPEC_KEYS.put(Setting.BYTES_COLUMN.snakeCase(), ScoringSpec.Builder::bytesColumn);
        SPEC_KEYS.put(Setting.MAX_PIXELS.snakeCase(), (b, v) -> b.maxPixels(wholeNumber(Setting.MAX_PIXELS, v)));
        SPEC_KEYS.put(EXIF_TRANSPOSE, (b, v) -> b.exifTranspose(Boolean.parseBoolean(v)));
    }

    /** The options for the bundle in {@code modelDir}; an unknown key or a bad value is the call's one-sentence mistake. */
    static ScoreOptions parse(SqlArguments args, String modelDir, Map<String, String> options) {
        ScoringSpec.Builder builder = ScoringSpec.builder(modelDir);
        try {
            for (Map.Entry<String, String> option : options.entrySet()) {
                BiConsumer<ScoringSpec.Builder, String> apply = SPEC_KEYS.get(option.getKey());
                if (option.getKey().equals(EXIF_TRANSPOSE) && !option.getValue().strip().matches("(?i)true|false")) {
                    throw args.mistake(EXIF_TRANSPOSE + " must be true or false, not '" + option.getValue() + "'");
                }
                if (apply != null) {
                    apply.accept(builder, option.getValue().strip());
                } else if (!option.getKey().equals(CLASSES) && !option.getKey().equals(TEMPLATES)) {
                    throw args.mistake("unknown option '" + option.getKey() + "' (known: " + CLASSES + ", " + TEMPLATES
                            + ", " + String.join(", ", SPEC_KEYS.keySet()) + ")");
                }
            }
            ScoreOptions parsed = new ScoreOptions(builder.build(), options.get(CLASSES), options.get(TEMPLATES));
            if (parsed.templates() != null && parsed.classes() == null) {
                throw args.mistake("the option templates needs the option classes");
            }
            return parsed;
        } catch (InvalidSettingException e) {
            throw args.mistake(e.setting().snakeCase() + " " + e.problem());
        }
    }

    private static long wholeNumber(Setting setting, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(setting, "must be a whole number, not '" + value + "'");
        }
    }

    private static int whole(Setting setting, String value) {
        long number = wholeNumber(setting, value);
        if (number != (int) number) {
            throw new InvalidSettingException(setting, "must be at most " + Integer.MAX_VALUE + ", not " + value);
        }
        return (int) number;
    }
}
