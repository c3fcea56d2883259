package io.clipbatch.job.cli;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * A Hadoop catalog (Spark's {@code catalog-impl}) that can let another writer in at an exact moment: the
 * action armed with {@link #beforeNextCommit} runs once, inside the next commit of any of its tables,
 * after that commit's metadata was built from the table as it was and before it is written. Two real
 * writers then race with a known winner, which timing alone would not give.
 */
public class RacingCatalog extends HadoopCatalog {
    private static final AtomicReference<Runnable> BEFORE_NEXT_COMMIT = new AtomicReference<>();

    static void beforeNextCommit(Runnable action) {
        BEFORE_NEXT_COMMIT.set(action);
    }

    @Override
    protected TableOperations newTableOps(TableIdentifier identifier) {
        return new Racing(super.newTableOps(identifier));
    }

    /** The catalog's operations, with the armed action run first in {@link #commit}. */
    private record Racing(TableOperations ops) implements TableOperations {
        @Override
        public void commit(TableMetadata base, TableMetadata metadata) {
            Runnable action = BEFORE_NEXT_COMMIT.getAndSet(null);
            if (action != null) {
                action.run();
            }
            ops.commit(base, metadata);
        }

        @Override
        public TableMetadata current() {
            return ops.current();
        }

        @Override
        public TableMetadata refresh() {
            return ops.refresh();
        }

        @Override
        public FileIO io() {
            return ops.io();
        }

        @Override
        public EncryptionManager encryption() {
            return ops.encryption();
        }

        @Override
        public String metadataFileLocation(String fileName) {
            return ops.metadataFileLocation(fileName);
        }

        @Override
        public LocationProvider locationProvider() {
            return ops.locationProvider();
        }

        @Override
        public TableOperations temp(TableMetadata uncommittedMetadata) {
            return ops.temp(uncommittedMetadata);
        }

        @Override
        public long newSnapshotId() {
            return ops.newSnapshotId();
        }

        @Override
        public boolean requireStrictCleanup() {
            return ops.requireStrictCleanup();
        }
    }
}
