package io.clipbatch.job.lake.iceberg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.job.lake.LakeCommit;
import io.clipbatch.job.lake.LakeSink;
import io.clipbatch.udfs.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.source.HasIcebergCatalog;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * One Iceberg table of a Spark catalog. Every write is one snapshot, its summary carrying the run's
 * provenance (each {@code clip_batch.*} entry, and the whole object as {@code clip_batch.provenance});
 * the table's properties get the same entries after the snapshot commits. Row-level changes are
 * merge-on-read (format version 2): a MERGE writes position deletes and the new rows, and leaves the
 * unchanged rows' data files as they are.
 */
final class IcebergSink implements LakeSink {
    /** Iceberg's own settings on the tables this sink creates. */
    static final Map<String, String> TABLE_SETTINGS = Map.of(
            "format-version", "2",
            "write.merge.mode", "merge-on-read",
            "write.update.mode", "merge-on-read",
            "write.delete.mode", "merge-on-read");
    /** The snapshot-summary entry holding the whole provenance object. */
    static final String SUMMARY_PROVENANCE = "clip_batch.provenance";
    /** Marks the source rows of a MERGE that delete their key (a column no table has). */
    private static final String DELETE_FLAG = "__clip_batch_delete";
    /** Staged chunks, inside the table's location: Iceberg reads only files its metadata names, and its
     *  orphan-file removal skips names that start with an underscore. */
    private static final String STAGING_FOLDER = "_clip_batch_staging";

    private final SparkSession spark;
    private final IcebergTableName table;
    private String location;

    IcebergSink(SparkSession spark, IcebergTableName table) {
        this.spark = spark;
        this.table = table;
    }

    @Override
    public String name() {
        return table.text();
    }

    @Override
    public boolean exists() {
        return catalog().tableExists(table.identifier());
    }

    /**
     * Where the catalog keeps the table, or for a table not created yet, where it will put it. Found
     * once: each answer is a call to the catalog.
     */
    @Override
    public String location() {
        if (location == null) {
            Catalog catalog = catalog();
            // Asked of a transaction that is never committed: nothing is created.
            String found = catalog.tableExists(table.identifier())
                    ? catalog.loadTable(table.identifier()).location()
                    : catalog.buildTable(table.identifier(), new Schema()).createTransaction().table().location();
            location = found.replaceAll("/+$", "");
        }
        return location;
    }

    @Override
    public String stagingRoot() {
        return location() + "/" + STAGING_FOLDER;
    }

    @Override
    public Dataset<Row> read(List<String> columns) {
        return readAll().select(columns.stream().map(functions::col).toArray(Column[]::new));
    }

    @Override
    public Dataset<Row> readAll() {
        return spark.table(table.quoted());
    }

    @Override
    public Map<String, String> properties() {
        return Map.copyOf(catalog().loadTable(table.identifier()).properties());
    }

    @Override
    public void append(List<String> stagedFiles, LakeCommit commit) {
        Dataset<Row> rows = staged(stagedFiles);
        if (!exists()) {
            create(rows, commit);
            return;
        }
        committing(commit, () -> {
            rows.writeTo(table.quoted()).append();
            return null;
        });
        setProperties(commit);
    }

    @Override
    public void merge(List<String> stagedFiles, String keyColumn, Dataset<Row> deleteKeys, LakeCommit commit) {
        Dataset<Row> deletes = deleteKeys.select(keyColumn).withColumn(DELETE_FLAG, functions.lit(true));
        Dataset<Row> source = stagedFiles.isEmpty() ? deletes
                : staged(stagedFiles).withColumn(DELETE_FLAG, functions.lit(false)).unionByName(deletes, true);
        String view = "clip_batch_merge_source";
        source.createOrReplaceTempView(view);
        try {
            committing(commit, () -> spark.sql(mergeSql(view, keyColumn,
                    stagedFiles.isEmpty() ? List.of() : List.of(staged(stagedFiles).columns()))));
        } finally {
            spark.catalog().dropTempView(view);
        }
        setProperties(commit);
    }

    /**
     * One statement, so one snapshot: source rows flagged for deletion delete their key, the others
     * replace or insert theirs ({@code columns} empty: a MERGE that only deletes).
     */
    private String mergeSql(String view, String keyColumn, List<String> columns) {
        String key = IcebergTableName.quote(keyColumn);
        StringBuilder sql = new StringBuilder("MERGE INTO " + table.quoted() + " t USING " + view + " s ON t." + key
                + " = s." + key + " WHEN MATCHED AND s." + DELETE_FLAG + " THEN DELETE");
        if (!columns.isEmpty()) {
            List<String> quoted = columns.stream().map(IcebergTableName::quote).toList();
            sql.append(" WHEN MATCHED THEN UPDATE SET ")
                    .append(quoted.stream().map(c -> "t." + c + " = s." + c).collect(Collectors.joining(", ")))
                    .append(" WHEN NOT MATCHED AND NOT s.").append(DELETE_FLAG).append(" THEN INSERT (")
                    .append(String.join(", ", quoted)).append(") VALUES (")
                    .append(quoted.stream().map(c -> "s." + c).collect(Collectors.joining(", "))).append(")");
        }
        return sql.toString();
    }

    @Override
    public void overwrite(List<String> stagedFiles, LakeCommit commit) {
        Dataset<Row> rows = staged(stagedFiles);
        if (!exists()) {
            create(rows, commit);
            return;
        }
        committing(commit, () -> {
            rows.writeTo(table.quoted()).overwrite(functions.lit(true));
            return null;
        });
        setProperties(commit);
    }

    private Dataset<Row> staged(List<String> stagedFiles) {
        return spark.read().parquet(stagedFiles.toArray(String[]::new));
    }

    /** The table and its rows in one snapshot (an atomic create-as-select), with every property set. */
    private void create(Dataset<Row> rows, LakeCommit commit) {
        committing(commit, () -> {
            var writer = rows.writeTo(table.quoted()).using("iceberg");
            for (Map.Entry<String, String> property : properties(commit).entrySet()) {
                writer = writer.tableProperty(property.getKey(), property.getValue());
            }
            writer.create();
            return null;
        });
    }

    private static Map<String, String> properties(LakeCommit commit) {
        Map<String, String> properties = new LinkedHashMap<>(commit.tableProperties());
        properties.putAll(TABLE_SETTINGS);
        return properties;
    }

    /** A table property update is a metadata commit of its own, made once the rows' snapshot is in. */
    private void setProperties(LakeCommit commit) {
        Table loaded = catalog().loadTable(table.identifier());
        UpdateProperties update = loaded.updateProperties();
        commit.tableProperties().forEach(update::set);
        update.commit();
    }

    /** Runs a Spark write whose Iceberg commit gets the provenance in its snapshot summary. */
    private void committing(LakeCommit commit, Callable<?> write) {
        try {
            CommitMetadata.withCommitProperties(summary(commit), write, RuntimeException.class);
        } catch (RuntimeException e) {
            throw lostToConcurrentWriter(e);
        }
    }

    static Map<String, String> summary(LakeCommit commit) {
        Map<String, String> summary = new LinkedHashMap<>();
        try {
            summary.putAll(new ObjectMapper().readValue(commit.provenanceJson(), new TypeReference<Map<String, String>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("provenance is not a JSON object of strings: " + commit.provenanceJson(), e);
        }
        summary.put(SUMMARY_PROVENANCE, commit.provenanceJson());
        return summary;
    }

    /** A commit another writer's snapshot invalidated is one sentence; anything else goes on as it was. */
    private RuntimeException lostToConcurrentWriter(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CommitFailedException
                    || cause instanceof ValidationException && String.valueOf(cause.getMessage()).contains("onflicting")) {
                return new UserError("Iceberg table " + table.text() + " changed while this run committed to it ("
                        + firstLine(cause.getMessage()) + "), so nothing of this commit was written: run again");
            }
        }
        return e;
    }

    private static String firstLine(String message) {
        return message == null ? "a conflicting commit" : message.lines().findFirst().orElse("");
    }

    private Catalog catalog() {
        var sparkCatalog = spark.sessionState().catalogManager().catalog(table.catalog());
        if (!(sparkCatalog instanceof HasIcebergCatalog iceberg)) {
            throw new UserError("--sink iceberg: catalog '" + table.catalog() + "' of --output " + table.text()
                    + " is not an Iceberg catalog (set --conf spark.sql.catalog." + table.catalog()
                    + "=org.apache.iceberg.spark.SparkCatalog)");
        }
        return iceberg.icebergCatalog();
    }
}
