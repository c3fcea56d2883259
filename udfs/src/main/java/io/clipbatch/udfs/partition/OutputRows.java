package io.clipbatch.udfs.partition;

import io.clipbatch.core.session.Vectors;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** Builds one output row from an input row and its result, in {@link ScoreSchema#output} order. */
final class OutputRows {
    private final int inputWidth;
    private final int pathIndex;
    private final boolean addPath;
    private final ZeroShotHead head;
    private final int topK;
    private final boolean float16;

    OutputRows(StructType inputSchema, String pathColumn, ZeroShotHead head, int topK, boolean float16) {
        this.float16 = float16;
        this.inputWidth = inputSchema.fields().length;
        this.pathIndex = pathColumn == null ? -1 : inputSchema.fieldIndex(pathColumn);
        this.addPath = ScoreSchema.addsPath(pathColumn);
        this.head = head;
        this.topK = topK;
    }

    Row row(Row input, float[] embedding, String error) {
        Object[] values = new Object[inputWidth + (addPath ? 1 : 0) + 2 + (head == null ? 0 : 3)];
        int i = 0;
        for (; i < inputWidth; i++) {
            values[i] = input.get(i);
        }
        if (addPath) {
            values[i++] = input.getString(pathIndex);
        }
        values[i++] = float16 && embedding != null ? Vectors.toFloat16Bytes(embedding) : embedding;
        values[i++] = error;
        if (head != null && embedding != null) {
            System.arraycopy(ZeroShotValues.of(head, embedding, topK), 0, values, i, 3);
        }
        return RowFactory.create(values);
    }
}
