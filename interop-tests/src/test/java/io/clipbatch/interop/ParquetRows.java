package io.clipbatch.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/** The rows of a plain Parquet {@code score} output (its chunk files), read with parquet-hadoop alone. */
final class ParquetRows {
    private ParquetRows() {}

    /** Each row by the file name of its {@code path}. */
    static Map<String, ScoredRow> read(Path output) throws IOException {
        Map<String, ScoredRow> rows = new TreeMap<>();
        for (Path file : dataFiles(output)) {
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                    new org.apache.hadoop.fs.Path(file.toUri())).withConf(new Configuration()).build()) {
                for (Group row = reader.read(); row != null; row = reader.read()) {
                    rows.put(Keys.fileName(row.getString("path", 0)), new ScoredRow(embedding(row), error(row)));
                }
            }
        }
        return rows;
    }

    private static List<Path> dataFiles(Path output) throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(p -> p.getFileName().toString().matches("part-.*\\.parquet")).sorted().toList();
        }
    }

    /** Spark's standard three-level list: embedding.list[i].element. */
    private static List<Float> embedding(Group row) {
        if (row.getFieldRepetitionCount("embedding") == 0) {
            return null;
        }
        Group list = row.getGroup("embedding", 0);
        int n = list.getFieldRepetitionCount("list");
        List<Float> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(list.getGroup("list", i).getFloat("element", 0));
        }
        return values;
    }

    private static String error(Group row) {
        return row.getFieldRepetitionCount("error") == 0 ? null : row.getString("error", 0);
    }
}
