package io.clipbatch.job.lake;

import io.clipbatch.core.session.Vectors;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import io.clipbatch.udfs.partition.ScoreSchema;
import io.clipbatch.udfs.partition.ZeroShotValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructType;
import scala.reflect.ClassTag$;

/**
 * A table's rows with their zero-shot columns computed again from their stored embeddings, under a
 * new head (other classes or templates): no image is read and no image tower runs. The head is a
 * matrix product over the normalized embeddings, the same {@link ZeroShotValues} scoring uses.
 */
final class ZeroShotRelabel {
    private ZeroShotRelabel() {
    }

    /** {@code rows} (full table rows with an embedding) with new predictions and {@code zeroshotSha256}. */
    static Dataset<Row> apply(Dataset<Row> rows, ZeroShotHead head, int topK, String zeroshotSha256) {
        StructType schema = rows.schema();
        Broadcast<ZeroShotHead> shared = rows.sparkSession().sparkContext()
                .broadcast(head, ClassTag$.MODULE$.apply(ZeroShotHead.class));
        Indices at = new Indices(schema.fieldIndex(ScoreSchema.EMBEDDING),
                schema.apply(ScoreSchema.EMBEDDING).dataType() instanceof BinaryType,
                schema.fieldIndex(ScoreSchema.PRED_LABEL), schema.fieldIndex(LakeColumns.ZEROSHOT_SHA256));
        return rows.mapPartitions(new Relabel(shared, topK, at, zeroshotSha256), Encoders.row(schema));
    }

    /** Where the columns that change sit; the three zero-shot columns are adjacent, in output order. */
    private record Indices(int embedding, boolean float16, int predLabel, int zeroshotSha256)
            implements java.io.Serializable {
    }

    private record Relabel(Broadcast<ZeroShotHead> head, int topK, Indices at, String zeroshotSha256)
            implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            List<Row> out = new ArrayList<>();
            while (rows.hasNext()) {
                Row row = rows.next();
                Object[] values = new Object[row.length()];
                for (int i = 0; i < row.length(); i++) {
                    values[i] = row.get(i);
                }
                float[] embedding = embedding(row);
                if (embedding != null) {
                    System.arraycopy(ZeroShotValues.of(head.value(), embedding, topK), 0, values, at.predLabel(), 3);
                }
                values[at.zeroshotSha256()] = zeroshotSha256;
                out.add(RowFactory.create(values));
            }
            return out.iterator();
        }

        private float[] embedding(Row row) {
            if (row.isNullAt(at.embedding())) {
                return null;
            }
            if (at.float16()) {
                return Vectors.fromFloat16Bytes((byte[]) row.get(at.embedding()));
            }
            List<Float> list = row.getList(at.embedding());
            float[] values = new float[list.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = list.get(i);
            }
            return values;
        }
    }
}
