package io.clipbatch.job.lake;

import io.clipbatch.core.zeroshot.ZeroShotHead;
import io.clipbatch.udfs.partition.ScoreSchema;
import io.clipbatch.udfs.partition.ZeroShotValues;
import io.clipbatch.udfs.vectors.UnitVectors;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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
                schema.fieldIndex(ScoreSchema.PRED_LABEL), schema.fieldIndex(LakeColumns.ZEROSHOT_SHA256));
        return rows.map(new Relabel(shared, topK, at, zeroshotSha256), Encoders.row(schema));
    }

    /** Where the columns that change sit; the three zero-shot columns are adjacent, in output order. */
    private record Indices(int embedding, int predLabel, int zeroshotSha256)
            implements java.io.Serializable {
    }

    private record Relabel(Broadcast<ZeroShotHead> head, int topK, Indices at, String zeroshotSha256)
            implements MapFunction<Row, Row> {
        @Override
        public Row call(Row row) {
            return relabelled(row);
        }

        private Row relabelled(Row row) {
            Object[] values = new Object[row.length()];
            for (int i = 0; i < row.length(); i++) {
                values[i] = row.get(i);
            }
            float[] embedding = embedding(row);
            if (embedding != null) {
                System.arraycopy(ZeroShotValues.of(head.value(), embedding, topK), 0, values, at.predLabel(), 3);
            }
            values[at.zeroshotSha256()] = zeroshotSha256;
            return RowFactory.create(values);
        }

        private float[] embedding(Row row) {
            return UnitVectors.values(row.get(at.embedding()));
        }
    }
}
