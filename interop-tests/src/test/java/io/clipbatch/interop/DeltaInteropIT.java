package io.clipbatch.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A Delta table that {@code score --sink delta} wrote, read by Delta Kernel with no Spark: the same
 * rows, floats for floats, as a plain Parquet {@code score} of the same images; after an incremental
 * run, the MERGEd state, with its deletion vectors applied where the Delta line writes them (4.4).
 */
class DeltaInteropIT {
    @Test
    void deltaKernelReadsTheFirstLoadAndTheMergedIncrementalState() throws Exception {
        Path dir = Project.freshDir("delta");
        Path images = dir.resolve("images");
        Path table = dir.resolve("table");
        LakeImages.writeFirstState(images);

        ClipBatchJvm.score("delta-first-load", "--sink", "delta", "--input", images.toString(),
                "--output", table.toString());
        assertEquals(LakeImages.firstState(), DeltaKernelRows.read(table));

        LakeImages.changeToSecondState(images);
        ClipBatchJvm.score("delta-incremental", "--sink", "delta", "--input", images.toString(),
                "--output", table.toString(), "--incremental", "--delete-missing");
        assertEquals(LakeImages.secondState(), DeltaKernelRows.read(table));
        assertEquals(KernelLine.MERGE_WRITES_DELETION_VECTORS, DeltaKernelRows.filesWithDeletionVectors(table) > 0,
                "on Delta 4.4 the MERGE keeps the unchanged rows' file and marks the others deleted in a deletion"
                        + " vector, which Kernel applied above; Delta 3.3's sink rewrites the file instead");
    }
}
