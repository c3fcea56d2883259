package io.clipbatch.interop;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * A Delta table's latest snapshot read through Delta Kernel, the way a non-Spark engine reads it:
 * the log replayed, each data file read and its deletion vector applied (the selection vector of
 * the batches {@link Scan#transformPhysicalData} gives).
 */
final class DeltaKernelRows {
    private DeltaKernelRows() {}

    /** Each live row by the file name of its {@code path}. */
    static Map<String, ScoredRow> read(Path table) throws IOException {
        Engine engine = DefaultEngine.create(new Configuration());
        Snapshot snapshot = Table.forPath(engine, table.toUri().toString()).getLatestSnapshot(engine);
        Scan scan = KernelLine.scanBuilder(engine, snapshot).build();
        Row scanState = scan.getScanState(engine);
        Map<String, ScoredRow> rows = new TreeMap<>();
        try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                try (CloseableIterator<Row> files = scanFiles.next().getRows()) {
                    while (files.hasNext()) {
                        readFile(engine, scanState, files.next(), rows);
                    }
                }
            }
        }
        return rows;
    }

    /** How many of the snapshot's data files carry a deletion vector. */
    static long filesWithDeletionVectors(Path table) throws IOException {
        Engine engine = DefaultEngine.create(new Configuration());
        Snapshot snapshot = Table.forPath(engine, table.toUri().toString()).getLatestSnapshot(engine);
        long count = 0;
        try (CloseableIterator<FilteredColumnarBatch> scanFiles =
                     KernelLine.scanBuilder(engine, snapshot).build().getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                try (CloseableIterator<Row> files = scanFiles.next().getRows()) {
                    while (files.hasNext()) {
                        if (InternalScanFileUtils.getDeletionVectorDescriptorFromRow(files.next()) != null) {
                            count++;
                        }
                    }
                }
            }
        }
        return count;
    }

    private static void readFile(Engine engine, Row scanState, Row scanFile, Map<String, ScoredRow> rows)
            throws IOException {
        CloseableIterator<ColumnarBatch> physical = KernelLine.readParquet(engine, scanState,
                InternalScanFileUtils.getAddFileStatus(scanFile));
        try (CloseableIterator<FilteredColumnarBatch> logical =
                     Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
            while (logical.hasNext()) {
                FilteredColumnarBatch batch = logical.next();
                int path = batch.getData().getSchema().indexOf("path");
                int embedding = batch.getData().getSchema().indexOf("embedding");
                int error = batch.getData().getSchema().indexOf("error");
                try (CloseableIterator<Row> live = batch.getRows()) {
                    while (live.hasNext()) {
                        Row row = live.next();
                        rows.put(Keys.fileName(row.getString(path)), new ScoredRow(
                                row.isNullAt(embedding) ? null : floats(row.getArray(embedding).getElements()),
                                row.isNullAt(error) ? null : row.getString(error)));
                    }
                }
            }
        }
    }

    private static List<Float> floats(ColumnVector elements) {
        List<Float> values = new ArrayList<>(elements.getSize());
        for (int i = 0; i < elements.getSize(); i++) {
            values.add(elements.getFloat(i));
        }
        return values;
    }
}
