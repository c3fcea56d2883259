package io.clipbatch.job.output;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;

/** Spark's Parquet write support, plus the job's provenance as footer key-value metadata. */
public final class ProvenanceWriteSupport extends ParquetWriteSupport {
    /** Write option (and so Hadoop setting) carrying the provenance entries as a JSON object. */
    public static final String PROVENANCE_KEY = "clipbatch.provenance";

    @Override
    public WriteContext init(Configuration configuration) {
        WriteContext spark = super.init(configuration);
        String json = configuration.get(PROVENANCE_KEY);
        if (json == null) {
            return spark;
        }
        Map<String, String> metadata = new HashMap<>(spark.getExtraMetaData());
        metadata.putAll(parse(json));
        return new WriteContext(spark.getSchema(), metadata);
    }

    static Map<String, String> parse(String json) {
        try {
            return new ObjectMapper().readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("bad provenance JSON", e);
        }
    }
}
