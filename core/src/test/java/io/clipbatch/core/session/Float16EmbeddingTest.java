package io.clipbatch.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.core.Golden;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float16 embedding column: its byte layout, and what it costs in accuracy for unit vectors of
 * CLIP's widths (the figures docs/benchmarks.md quotes).
 */
class Float16EmbeddingTest {

    @Test
    void bytesAreLittleEndianHalfFloats() {
        byte[] bytes = Vectors.toFloat16Bytes(new float[] {1.0f, -2.0f, 0.5f});
        // 1.0 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800, low byte first.
        assertEquals(0x00, bytes[0] & 0xFF);
        assertEquals(0x3C, bytes[1] & 0xFF);
        assertEquals(0xC0, bytes[3] & 0xFF);
        assertEquals(0x38, bytes[5] & 0xFF);
        assertEquals(6, bytes.length);
    }

    @Test
    void unitVectorsLoseUnderAQuarterOfAThousandthPerValue() {
        Random random = new Random(11);
        for (int width : new int[] {512, 768}) {
            double worstValue = 0;
            double worstDistance = 0;
            double worstCosine = 0;
            for (int trial = 0; trial < 200; trial++) {
                float[] v = new float[width];
                for (int i = 0; i < width; i++) {
                    v[i] = (float) random.nextGaussian();
                }
                Vectors.normalize(v);
                float[] back = Vectors.fromFloat16Bytes(Vectors.toFloat16Bytes(v));
                double dot = 0;
                for (int i = 0; i < width; i++) {
                    worstValue = Math.max(worstValue, Math.abs(v[i] - back[i]));
                    dot += (double) v[i] * back[i];
                }
                worstDistance = Math.max(worstDistance, Golden.l2(v, back));
                worstCosine = Math.max(worstCosine, 1 - dot / Math.sqrt(Vectors.dot(back, back, 0)));
            }
            Golden.figure("float16 width " + width + " max abs error", worstValue);
            Golden.figure("float16 width " + width + " max L2 distance", worstDistance);
            Golden.figure("float16 width " + width + " max cosine loss", worstCosine);
            // Values of a unit vector are below 1, where half floats are 2^-11 apart: rounding is within 2^-12.
            assertTrue(worstValue <= Math.scalb(1.0, -12), "max abs error " + worstValue);
            assertTrue(worstDistance < 5e-4, "L2 distance " + worstDistance);
            assertTrue(worstCosine < 1e-7, "cosine loss " + worstCosine);
        }
    }
}
