package io.clipbatch.job.lake;

import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.input.StoreErrors;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Lake tables that a command reads ({@code search} and {@code dedup} take one as {@code --embeddings}):
 * a Delta table by its path (a folder holding {@code _delta_log}) or its catalog name, an Iceberg table
 * by its catalog name ({@code catalog.db.table}). Such a table is read only through its format: the
 * Parquet files in a Delta folder include rows that later commits replaced or deleted, so reading them
 * as Parquet would give stale rows, deleted rows and keys twice.
 */
public final class LakeTables {
    /** The folder that makes a path a Delta table. */
    static final String DELTA_LOG = "_delta_log";

    private LakeTables() {
    }

    /**
     * Session settings that let a command read tables of each format on the classpath (Delta's SQL
     * extension and catalog), applied when clip-batch creates the session; {@code --conf} and
     * spark-submit's settings win over them.
     */
    public static Map<String, String> readSettings() {
        try {
            Class.forName("io.delta.tables.DeltaTable");
            return SinkKind.DELTA.format().sessionSettings();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return Map.of();   // no Delta: a Delta table is refused when it is named, in one sentence
        }
    }

    /**
     * The format of the table that {@code uri} names, or empty when it names none (a Parquet output):
     * a folder holding {@code _delta_log} is Delta. A dotted name with no '/' or ':' and nothing at that
     * path is a catalog table: Delta when the catalog records it so, otherwise, with three or more parts,
     * an Iceberg table.
     */
    public static Optional<SinkKind> kindOf(SparkSession spark, String flag, String uri) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        if (isDeltaFolder(conf, flag, uri)) {
            return Optional.of(SinkKind.DELTA);
        }
        int parts = uri.split("\\.", -1).length;
        if (uri.contains("/") || uri.contains(":") || parts < 2 || exists(conf, flag, uri)) {
            return Optional.empty();
        }
        if ("delta".equalsIgnoreCase(provider(spark, uri))) {
            return Optional.of(SinkKind.DELTA);
        }
        return parts >= 3 ? Optional.of(SinkKind.ICEBERG) : Optional.empty();
    }

    /** The provider that a catalog records for the table {@code name}, or null when it knows no such table. */
    private static String provider(SparkSession spark, String name) {
        try {
            if (!spark.catalog().tableExists(name)) {
                return null;
            }
            for (Row row : spark.sql("DESCRIBE TABLE EXTENDED " + name).collectAsList()) {
                if ("Provider".equals(row.getString(0))) {
                    return row.getString(1);
                }
            }
            return null;
        } catch (Exception e) { // a catalog that cannot load (its jar missing, a bad setting): the name's shape decides
            return null;
        }
    }

    /**
     * The table {@code uri} names, opened for reading through its format; refused in one sentence when
     * the format is not on the classpath (never read as plain Parquet instead), an Iceberg name's catalog
     * is not set, or the table does not exist.
     */
    public static LakeSink open(SparkSession spark, SinkKind kind, String flag, String uri) {
        String use = flag + " " + uri + " (" + (kind == SinkKind.DELTA ? "a Delta table" : "an Iceberg table name") + ")";
        TableFormat format = kind.format();
        format.checkAvailable(spark, use);
        if (kind == SinkKind.ICEBERG) {
            String catalog = uri.substring(0, uri.indexOf('.'));
            if (spark.conf().getOption("spark.sql.catalog." + catalog).isEmpty()) {
                throw new UserError(flag + " " + uri + " is neither a path nor a table of a configured catalog: set"
                        + " --conf spark.sql.catalog." + catalog + "=org.apache.iceberg.spark.SparkCatalog and its"
                        + " type and warehouse (docs/lake.md)");
            }
        }
        LakeSink table = format.open(spark, uri);
        if (!table.exists()) {
            throw new UserError(use + " does not exist");
        }
        return table;
    }

    private static boolean isDeltaFolder(Configuration conf, String flag, String uri) {
        return exists(conf, flag, uri, DELTA_LOG);
    }

    private static boolean exists(Configuration conf, String flag, String uri) {
        return exists(conf, flag, uri, null);
    }

    /** Whether {@code uri} (or its {@code child}) exists; a URI that is no path at all does not. */
    private static boolean exists(Configuration conf, String flag, String uri, String child) {
        try {
            Path path = child == null ? new Path(uri) : new Path(new Path(uri), child);
            return path.getFileSystem(conf).exists(path);
        } catch (IOException e) {
            throw new UserError("cannot read " + flag + " " + uri + ": " + StoreErrors.reason(e));
        } catch (IllegalArgumentException e) {
            return false;   // the caller reports it as it reports any path it cannot read
        }
    }
}
