package io.clipbatch.job.vectors;

import io.clipbatch.udfs.vectors.Hit;
import io.clipbatch.udfs.vectors.TopHits;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The rows {@code search} writes: {@code query}, {@code rank} (from 1), {@code score}, then the hit's key and pass-through columns. */
public final class SearchResults {
    public static final String QUERY = "query";
    public static final String RANK = "rank";
    public static final String SCORE = "score";

    private SearchResults() {}

    public static StructType schema(StoredEmbeddings embeddings) {
        StructType schema = new StructType()
                .add(QUERY, DataTypes.StringType, false)
                .add(RANK, DataTypes.IntegerType, false)
                .add(SCORE, DataTypes.FloatType, false);
        for (StructField field : embeddings.payloadSchema().fields()) {
            schema = schema.add(field);
        }
        return schema;
    }

    /** Query by query, in the order asked, each one's hits best first. */
    public static List<Row> rows(List<SearchQuery> queries, TopHits top) {
        List<Row> rows = new ArrayList<>();
        for (int q = 0; q < queries.size(); q++) {
            List<Hit> hits = top.ranked(q);
            for (int rank = 0; rank < hits.size(); rank++) {
                Hit hit = hits.get(rank);
                Object[] values = new Object[3 + hit.row().length()];
                values[0] = queries.get(q).label();
                values[1] = rank + 1;
                values[2] = hit.score();
                for (int i = 0; i < hit.row().length(); i++) {
                    values[3 + i] = hit.row().get(i);
                }
                rows.add(RowFactory.create(values));
            }
        }
        return rows;
    }
}
