package io.clipbatch.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.core.Golden;
import io.clipbatch.core.image.ImageException;
import io.clipbatch.core.image.PreprocessConfig;
import io.clipbatch.core.image.Preprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Order, errors as values, packed batches and the bound on work in flight. */
class DecodePipelineTest {
    private static final String[] FILES = {"gradient.png", "chelsea.jpg", "tall-lines.png", "camera-grey.png"};

    private final Preprocessor preprocessor = new Preprocessor(PreprocessConfig.openai(64));
    private final ExecutorService readers = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        readers.shutdownNow();
    }

    /** Item i: a golden image, except every fifth (unreadable) and every seventh (not an image). */
    private static byte[] read(int item) throws ReadException {
        if (item % 5 == 4) {
            throw new ReadException("read: no such file");
        }
        if (item % 7 == 6) {
            return new byte[] {1, 2, 3};
        }
        try {
            return Files.readAllBytes(Golden.embeddings(FILES[item % FILES.length]));
        } catch (IOException e) {
            throw new ReadException("read: " + e.getMessage());
        }
    }

    @Test
    void batchesComeInOrderWithErrorsAsValuesAndGoodTensorsPacked() throws Exception {
        int count = 23;
        AtomicInteger reading = new AtomicInteger();
        AtomicInteger consumed = new AtomicInteger();
        AtomicInteger mostAhead = new AtomicInteger();
        DecodePipeline<Integer> pipeline = new DecodePipeline<>(IntStream.range(0, count).boxed().iterator(), item -> {
            mostAhead.accumulateAndGet(reading.incrementAndGet() - consumed.get(), Math::max);
            return read(item);
        }, preprocessor, readers, DecodePipeline.sharedDecoders(2), 4, 8);
        List<Integer> seen = new ArrayList<>();
        int length = preprocessor.tensorLength();
        for (DecodePipeline.Batch<Integer> batch; (batch = pipeline.nextBatch()) != null; ) {
            int packed = 0;
            for (int i = 0; i < batch.size(); i++) {
                int item = batch.item(i);
                seen.add(item);
                if (item % 5 == 4) {
                    assertEquals("read: no such file", batch.error(i));
                } else if (item % 7 == 6) {
                    assertEquals("decode: unknown image format", batch.error(i));
                } else {
                    assertNull(batch.error(i), "item " + item);
                    float[] got = new float[length];
                    batch.pixels().get(packed * length, got);
                    assertArrayEquals(expected(item), got, "item " + item);
                    packed++;
                }
            }
            assertEquals(packed, batch.okCount());
            consumed.addAndGet(batch.size());
            batch.release();
        }
        assertEquals(IntStream.range(0, count).boxed().toList(), seen);
        assertTrue(mostAhead.get() <= 8 + 4, "read " + mostAhead.get() + " items ahead of the consumer");
    }

    @Test
    void cancelledPipelinesReleaseTheirBuffersAndStop() {
        AtomicInteger reads = new AtomicInteger();
        DecodePipeline<Integer> pipeline = new DecodePipeline<>(IntStream.range(0, 1000).boxed().iterator(), item -> {
            reads.incrementAndGet();
            return read(item);
        }, preprocessor, readers, DecodePipeline.sharedDecoders(2), 4, 8);
        DecodePipeline.Batch<Integer> first = pipeline.nextBatch();
        first.release();
        pipeline.cancel();
        assertTrue(reads.get() <= 16, reads.get() + " reads for one batch taken");
    }

    private float[] expected(int item) throws ImageException, ReadException {
        return preprocessor.preprocess(read(item));
    }
}
