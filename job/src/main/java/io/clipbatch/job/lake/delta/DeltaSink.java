package io.clipbatch.job.lake.delta;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.clipbatch.job.lake.LakeCommit;
import io.clipbatch.job.lake.LakeSink;
import io.clipbatch.udfs.UserError;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Delta table named by a path or by the catalog. Every write is one Delta commit whose
 * {@code userMetadata} is the run's provenance; the table has Change Data Feed and deletion vectors on.
 */
final class DeltaSink implements LakeSink {
    /** Set for the length of one write only, so that exactly that commit carries the provenance. */
    static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
    /**
     * Delta 3.3's MERGE that writes deletion vectors fails with {@code [AMBIGUOUS_REFERENCE] filePath}
     * on a table with a column named {@code path} (delta-io/delta#5296): its internal file-path column
     * clashes with ours. Such a MERGE writes no deletion vectors (see docs/lake.md).
     */
    static final String MERGE_PERSISTENT_DVS = "spark.databricks.delta.merge.deletionVectors.persistent";
    private static final String DELETE_FLAG = "_clipbatch_delete";
    private static final Map<String, String> FORMAT_PROPERTIES = Map.of(
            "delta.enableChangeDataFeed", "true",
            "delta.enableDeletionVectors", "true");

    private final SparkSession spark;
    private final String output;
    private final boolean isPath;
    private String location;

    DeltaSink(SparkSession spark, String output) {
        this.spark = spark;
        this.output = output;
        this.isPath = output.contains("/") || output.contains(":");
    }

    @Override
    public String name() {
        return output;
    }

    /**
     * The path, or a catalog table's folder: where the catalog keeps it when it exists, and where a
     * managed table of that name will be created (the database's folder) when it does not. Found once:
     * for a catalog name it is a query.
     */
    @Override
    public String location() {
        if (location == null) {
            location = isPath ? output : catalogLocation();
        }
        return location;
    }

    private String catalogLocation() {
        if (exists()) {
            return DeltaTable.forName(spark, output).detail().select("location").first().getString(0);
        }
        List<String> parts = List.of(output.replace("`", "").split("\\."));
        String database = parts.size() == 1 ? spark.catalog().currentDatabase()
                : String.join(".", parts.subList(0, parts.size() - 1));
        String table = parts.get(parts.size() - 1);
        boolean caseSensitive = Boolean.parseBoolean(spark.conf().get("spark.sql.caseSensitive", "false"));
        try {
            return new Path(new Path(spark.catalog().getDatabase(database).locationUri()),
                    caseSensitive ? table : table.toLowerCase(Locale.ROOT)).toString();
        } catch (Exception e) { // AnalysisException, checked though Scala throws it undeclared: no such database
            throw new UserError("--output " + output + ": no database '" + database + "' in the catalog");
        }
    }

    @Override
    public boolean exists() {
        return isPath ? DeltaTable.isDeltaTable(spark, output) : spark.catalog().tableExists(output);
    }

    @Override
    public String stagingRoot() {
        Path table = new Path(location());
        if (table.getParent() == null) {
            throw new UserError("--output " + output + " is the root of a file system; name a folder below it,"
                    + " so that staged chunks have a place beside the table");
        }
        return new Path(table.getParent(), "_clipbatch_staging_" + table.getName()).toString();
    }

    @Override
    public Dataset<Row> read(List<String> columns) {
        return readAll().select(columns.stream().map(c -> col(quote(c))).toArray(Column[]::new));
    }

    @Override
    public Dataset<Row> readAll() {
        return isPath ? spark.read().format("delta").load(output) : spark.table(output);
    }

    @Override
    public Map<String, String> properties() {
        return spark.sql("SHOW TBLPROPERTIES " + tableRef()).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1), (a, b) -> b));
    }

    @Override
    public void append(List<String> stagedFiles, LakeCommit commit) {
        write(stagedFiles, "append", commit);
    }

    @Override
    public void overwrite(List<String> stagedFiles, LakeCommit commit) {
        write(stagedFiles, "overwrite", commit);
    }

    /**
     * A new table from the staged rows (CTAS: one commit that sets the properties), or one append or
     * overwrite commit into the table. An overwrite is a write in Delta's overwrite mode, not
     * {@code CREATE OR REPLACE}, which Delta 3.3 refuses on a path ("does not support truncate").
     */
    private void write(List<String> stagedFiles, String mode, LakeCommit commit) {
        if (!exists()) {
            createAs(stagedFiles, commit);
            return;
        }
        committing(commit, () -> {
            DataFrameWriter<Row> writer = staged(stagedFiles).write().format("delta").mode(mode)
                    .option("overwriteSchema", String.valueOf(mode.equals("overwrite")));
            if (isPath) {
                writer.save(output);
            } else {
                writer.saveAsTable(output);
            }
        });
        updateProperties(commit);
    }

    @Override
    public void merge(List<String> stagedFiles, String keyColumn, Dataset<Row> deleteKeys, LakeCommit commit) {
        DeltaTable table = isPath ? DeltaTable.forPath(spark, output) : DeltaTable.forName(spark, output);
        StructType schema = table.toDF().schema();
        Dataset<Row> upserts = stagedFiles.isEmpty() ? spark.createDataFrame(List.of(), schema)
                : staged(stagedFiles).select(byName(schema));
        Dataset<Row> source = upserts.withColumn(DELETE_FLAG, lit(false))
                .unionByName(deletions(deleteKeys, keyColumn, schema));
        Map<String, String> assignments = new LinkedHashMap<>();
        for (String name : schema.fieldNames()) {
            assignments.put(quote(name), "s." + quote(name));
        }
        String key = quote(keyColumn);
        boolean workaround = hasPathColumn(schema) && spark.version().startsWith("3.");
        committing(commit, () -> withSession(workaround ? Map.of(MERGE_PERSISTENT_DVS, "false") : Map.of(),
                () -> table.as("t").merge(source.as("s"), "t." + key + " = s." + key)
                        .whenMatched("s." + DELETE_FLAG).delete()
                        .whenMatched().updateExpr(assignments)
                        .whenNotMatched("NOT s." + DELETE_FLAG).insertExpr(assignments)
                        .execute()));
        updateProperties(commit);
    }

    /** Whether the table has a column that Delta 3.3's deletion-vector MERGE clashes with. */
    static boolean hasPathColumn(StructType schema) {
        for (StructField field : schema.fields()) {
            if (field.name().equalsIgnoreCase("path")) {
                return true;
            }
        }
        return false;
    }

    /** The keys to delete as source rows: the key set, every other column null, flagged. */
    private static Dataset<Row> deletions(Dataset<Row> keys, String keyColumn, StructType schema) {
        List<Column> columns = new ArrayList<>();
        for (StructField field : schema.fields()) {
            columns.add(field.name().equals(keyColumn) ? col(quote(keyColumn))
                    : lit(null).cast(field.dataType()).as(field.name()));
        }
        columns.add(lit(true).as(DELETE_FLAG));
        return keys.select(columns.toArray(Column[]::new));
    }

    /** A new table holding the staged rows: one commit with the properties. */
    private void createAs(List<String> stagedFiles, LakeCommit commit) {
        String view = "clipbatch_staged_" + Long.toHexString(System.nanoTime());
        staged(stagedFiles).createOrReplaceTempView(view);
        try {
            committing(commit, () -> spark.sql("CREATE TABLE " + tableRef() + " USING delta TBLPROPERTIES ("
                    + propertiesSql(properties(commit)) + ") AS SELECT * FROM " + view));
        } finally {
            spark.catalog().dropTempView(view);
        }
    }

    /** The provenance properties, set by a metadata-only commit when they changed (another model, other classes). */
    private void updateProperties(LakeCommit commit) {
        Map<String, String> wanted = properties(commit);
        Map<String, String> current = properties();
        Map<String, String> changed = new HashMap<>();
        wanted.forEach((k, v) -> {
            if (!v.equals(current.get(k))) {
                changed.put(k, v);
            }
        });
        if (!changed.isEmpty()) {
            committing(commit, () -> spark.sql("ALTER TABLE " + tableRef() + " SET TBLPROPERTIES ("
                    + propertiesSql(changed) + ")"));
        }
    }

    private static Map<String, String> properties(LakeCommit commit) {
        Map<String, String> all = new LinkedHashMap<>(commit.tableProperties());
        all.putAll(FORMAT_PROPERTIES);
        return all;
    }

    private static String propertiesSql(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(e -> sqlString(e.getKey()) + " = " + sqlString(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** Runs one write with the provenance as its commit's userMetadata; a lost race is one sentence. */
    private void committing(LakeCommit commit, Runnable write) {
        try {
            withSession(Map.of(USER_METADATA, commit.provenanceJson()), write);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConcurrentModificationException conflict) {
                    throw new UserError("Delta table " + output + " was changed by another writer while this run "
                            + "committed (" + conflict.getClass().getSimpleName()
                            + "); nothing of this commit was written: run it again");
                }
            }
            throw e;
        }
    }

    /** Runs with session settings set, restoring what was there before. */
    private void withSession(Map<String, String> settings, Runnable action) {
        Map<String, String> before = new HashMap<>();
        settings.keySet().forEach(k -> before.put(k, spark.conf().get(k, null)));
        settings.forEach(spark.conf()::set);
        try {
            action.run();
        } finally {
            before.forEach((k, v) -> {
                if (v == null) {
                    spark.conf().unset(k);
                } else {
                    spark.conf().set(k, v);
                }
            });
        }
    }

    private Dataset<Row> staged(List<String> stagedFiles) {
        return spark.read().parquet(stagedFiles.toArray(String[]::new));
    }

    private static Column[] byName(StructType schema) {
        return java.util.Arrays.stream(schema.fieldNames()).map(n -> col(quote(n))).toArray(Column[]::new);
    }

    private String tableRef() {
        return isPath ? "delta." + quote(output) : output;
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static String sqlString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
