package io.clipbatch.interop;

import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.util.Optional;

/** Delta Kernel 3.3 (the Delta line of Spark 3.5): the calls whose signatures changed in Kernel 4. */
final class KernelLine {
    /**
     * Whether score's MERGE on this line leaves deletion vectors: not on Delta 3.3, whose deletion-vector
     * MERGE fails on a table with a {@code path} column (delta-io/delta#5296), so the Delta sink turns
     * them off for that MERGE and rewrites the touched files instead.
     */
    static final boolean MERGE_WRITES_DELETION_VECTORS = false;

    private KernelLine() {}

    static ScanBuilder scanBuilder(Engine engine, Snapshot snapshot) {
        return snapshot.getScanBuilder(engine);
    }

    static CloseableIterator<ColumnarBatch> readParquet(Engine engine, Row scanState, FileStatus file)
            throws IOException {
        return engine.getParquetHandler().readParquetFiles(Utils.singletonCloseableIterator(file),
                ScanStateRow.getPhysicalDataReadSchema(engine, scanState), Optional.empty());
    }
}
