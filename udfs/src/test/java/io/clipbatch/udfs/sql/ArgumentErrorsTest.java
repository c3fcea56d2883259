package io.clipbatch.udfs.sql;

import static io.clipbatch.udfs.sql.SqlTestSession.MODEL;
import static io.clipbatch.udfs.sql.SqlTestSession.quoted;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad argument to a scalar function fails at analysis time (spark.sql, before any row runs) with one sentence. */
class ArgumentErrorsTest {
    private static final String M = quoted(MODEL);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "clip_text_embedding('/no/such/model', 'x')                 | clip_text_embedding: Model bundle /no/such/model is not a directory.",
        "clip_text_embedding(s3a://bucket/m, 'x')                   | clip_text_embedding: model_path must be a local folder",
        "clip_text_embedding(concat(M, string(rand())), 'x')        | clip_text_embedding: model_path must be a constant, not ",
        "clip_text_embedding(M)                                     | clip_text_embedding: takes 2 arguments clip_text_embedding(model_path, text), not 1",
        "clip_text_embedding(M, 42)                                 | clip_text_embedding: text must be a string, not int",
        "clip_text_embedding(CAST(NULL AS string), 'x')             | clip_text_embedding: model_path must not be null",
        "clip_image_embedding(M, 42)                                | clip_image_embedding: path_or_bytes must be a string path or binary image bytes, not int",
        "clip_similarity(array(1.0F), 'x')                          | clip_similarity: b must be an array<float>, an array<double> or float16 binary, not string",
        "clip_similarity(array(1), array(1.0F))                     | clip_similarity: a must be an array<float>, an array<double> or float16 binary, not array<int>",
    })
    void badArgumentIsOneSentence(String call, String expected) {
        String sql = "SELECT " + call.replace("s3a://bucket/m", "'s3a://bucket/m'").replace("M", M);
        Exception e = assertThrows(Exception.class, () -> SqlTestSession.get().sql(sql));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
