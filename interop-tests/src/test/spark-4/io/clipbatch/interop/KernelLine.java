package io.clipbatch.interop;

import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.util.Optional;

/** Delta Kernel 4.4 (the Delta line of Spark 4.2): the calls whose signatures differ from Kernel 3.3. */
final class KernelLine {
    /** Whether score's MERGE on this line leaves deletion vectors: Delta 4.4 marks replaced and deleted rows in them. */
    static final boolean MERGE_WRITES_DELETION_VECTORS = true;

    private KernelLine() {}

    static ScanBuilder scanBuilder(Engine engine, Snapshot snapshot) {
        return snapshot.getScanBuilder();
    }

    static CloseableIterator<ColumnarBatch> readParquet(Engine engine, Row scanState, FileStatus file)
            throws IOException {
        return engine.getParquetHandler().readParquetFiles(Utils.singletonCloseableIterator(file),
                ScanStateRow.getPhysicalDataReadSchema(scanState), Optional.empty()).map(FileReadResult::getData);
    }
}
