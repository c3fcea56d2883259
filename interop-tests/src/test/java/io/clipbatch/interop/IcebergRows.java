package io.clipbatch.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;

/**
 * An Iceberg table of a Hadoop catalog read with iceberg-data's generic reader, the way a non-Spark
 * engine reads it: the current snapshot's data files with its position and equality deletes applied.
 */
final class IcebergRows {
    private IcebergRows() {}

    static Table load(Path warehouse, String namespace, String name) {
        HadoopCatalog catalog = new HadoopCatalog(new Configuration(), warehouse.toUri().toString());
        return catalog.loadTable(TableIdentifier.of(namespace, name));
    }

    /** Each live row by the file name of its {@code path}. */
    static Map<String, ScoredRow> read(Table table) throws IOException {
        Map<String, ScoredRow> rows = new TreeMap<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record record : records) {
                @SuppressWarnings("unchecked")
                List<Float> embedding = (List<Float>) record.getField("embedding");
                rows.put(Keys.fileName((String) record.getField("path")),
                        new ScoredRow(embedding == null ? null : List.copyOf(embedding), (String) record.getField("error")));
            }
        }
        return rows;
    }
}
