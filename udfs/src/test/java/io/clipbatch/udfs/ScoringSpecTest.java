package io.clipbatch.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.core.image.PreprocessMode;
import io.clipbatch.core.session.Device;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ScoringSpecTest {
    private static InvalidSettingException refused(UnaryOperator<ScoringSpec.Builder> change) {
        return assertThrows(InvalidSettingException.class, () -> change.apply(ScoringSpec.builder("m")).build());
    }

    @Test
    void eachBadValueNamesItsSettingAndNoFlag() {
        assertEquals(Setting.TOP_K, refused(b -> b.topK(0)).setting());
        assertEquals("must be at least 1, not 0", refused(b -> b.topK(0)).problem());
        assertEquals(Setting.BATCH_SIZE, refused(b -> b.batchSize(0)).setting());
        assertEquals(Setting.READER_THREADS, refused(b -> b.readerThreads(0)).setting());
        assertEquals(Setting.INTRA_OP_THREADS, refused(b -> b.intraOpThreads(-1)).setting());
        assertEquals(Setting.MAX_PIXELS, refused(b -> b.maxPixels(0)).setting());
        assertEquals(Setting.DECODER_THREADS, refused(b -> b.decoderThreads(-1)).setting());
        assertEquals("must be exact or fast, not 'slow'", refused(b -> b.preprocess("slow")).problem());
        assertEquals("must be float32 or float16, not 'int8'", refused(b -> b.embeddingDtype("int8")).problem());
        assertEquals("must be cpu, cuda, cuda:N or auto, not 'tpu'", refused(b -> b.device("tpu")).problem());
        assertEquals(Setting.PATH_COLUMN, refused(b -> b.pathColumn(null)).setting());
        assertEquals("top_k must be at least 1, not -2", refused(b -> b.topK(-2)).getMessage());
        assertTrue(refused(b -> b.topK(0)).getMessage().indexOf("--") < 0);
    }

    @Test
    void eachBoundaryNamesASettingInItsOwnWords() {
        assertEquals("top_k", Setting.TOP_K.snakeCase());
        assertEquals("topK", Setting.TOP_K.camelCase());
        assertEquals("intra-op-threads", Setting.INTRA_OP_THREADS.kebabCase());
        assertEquals("embeddingDtype", Setting.EMBEDDING_DTYPE.camelCase());
    }

    @Test
    void textIsParsedOnceIntoTypes() {
        ScoringSpec spec = ScoringSpec.builder("m").device("cuda:1").preprocess("FAST").embeddingDtype("float16")
                .bytesColumn("image").pathColumn(null).build();
        assertEquals(Device.cuda(1), spec.device());
        assertEquals(PreprocessMode.FAST, spec.preprocess());
        assertTrue(spec.float16Embeddings());
        assertEquals(null, spec.pathColumn());
    }

    @Test
    void aRelativeModelIsMadeAbsoluteWhereTheSpecIsBuilt() {
        ScoringSpec spec = ScoringSpec.builder("models/x").build();
        assertEquals(Path.of("models/x").toAbsolutePath().normalize().toString(), spec.model());
        assertEquals(spec, spec.toBuilder().build());
        assertEquals("/other", spec.withModel(Path.of("/other")).model());
        assertEquals(ScoringSpec.DEFAULT_TOP_K, spec.withColumns("uri", "bytes").topK());
    }
}
