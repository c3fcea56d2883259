package io.clipbatch.job.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.clipbatch.job.DeviceFailures;
import io.clipbatch.job.ScoreJob;
import io.clipbatch.job.output.ChunkPlan;
import io.clipbatch.job.output.ChunkedOutput;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.job.output.Provenance;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.input.ImageInputs;
import io.clipbatch.udfs.input.StoreErrors;
import io.clipbatch.udfs.partition.ScoreSchema;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructType;

/**
 * {@code score --sink delta|iceberg}: scores into staged chunked Parquet next to the table, then
 * appends or MERGEs the staged files, {@code --commit-every} chunks per commit, and removes them.
 * With {@code --incremental} it first compares the input with the table's key, fingerprint, model and
 * preprocessing columns and scores only what is new, changed, scored otherwise or (asked) failed;
 * rows whose only difference is the zero-shot head get new predictions from their stored embeddings.
 */
public final class LakeJob {
    /** What the input's rows are to the table: the worklist's {@value #KIND} column. */
    private static final String KIND = "_clipbatch_kind";
    private static final String NEW = "new";
    private static final String CHANGED = "changed";
    private static final String ERROR_RESCORED = "error";
    private static final String RELABEL = "relabel";
    private static final String UNCHANGED = "unchanged";
    private static final List<String> TO_SCORE = List.of(NEW, CHANGED, ERROR_RESCORED);

    /**
     * What a run did to the table.
     *
     * @param relabelled rows whose zero-shot columns were recomputed from their embeddings
     * @param commits    table commits this run made
     */
    public record Summary(String table, long added, long changed, long unchanged, long errorsRescored, long deleted,
                          long relabelled, int commits, double seconds) {
        public String line() {
            return String.format("clip-batch: %s: %d new, %d changed, %d unchanged, %d errors rescored, %d deleted"
                            + "%s; %s (%.1f s)", table, added, changed, unchanged, errorsRescored, deleted,
                    relabelled > 0 ? ", " + relabelled + " zero-shot relabelled" : "",
                    commits == 0 ? "nothing to commit" : commits + " commit" + (commits == 1 ? "" : "s"), seconds);
        }
    }

    private final SparkSession spark;
    private final ScoreJob.Settings score;
    private final LakeSettings lake;
    private final ScoringSpec spec;

    public LakeJob(SparkSession spark, ScoreJob.Settings score, LakeSettings lake) {
        this.spark = spark;
        this.score = score;
        this.lake = lake;
        this.spec = score.scoring();
    }

    public Summary run() {
        long start = System.nanoTime();
        TableFormat format = lake.sink().format();
        format.checkAvailable(spark);
        LakeSink sink = format.open(spark, score.output().uri());
        boolean exists = sink.exists();
        checkMode(sink, exists);
        boolean merging = exists && lake.incremental();
        ScoreJob scorer = new ScoreJob(spark, score);
        scorer.refuseOverlap(sink.location());
        String stagingRoot = sink.stagingRoot();
        scorer.refuseOverlap(stagingRoot);

        Dataset<Row> input = ImageInputs.openWithFileStatus(spark, score.input(), spec.pathColumn());
        String pathColumn = ImageInputs.pathColumnOf(input, spec.pathColumn());
        String key = lake.keyColumn() == null ? pathColumn : lake.keyColumn();
        if (!Arrays.asList(input.columns()).contains(key)) {
            throw new UserError("--key-column " + key + " is not a column of the input (columns: "
                    + String.join(", ", input.columns()) + ")");
        }
        input = Fingerprints.add(InputKeys.unique(input, key, lake.duplicateKeys()), pathColumn, lake.fingerprint(),
                lake.fingerprintColumn());
        ScoreJob.Model model = scorer.loadModel();
        if (merging) {
            checkCompatible(sink, model);
        }
        StagingRuns.cleanUp(spark.sparkContext().hadoopConfiguration(), stagingRoot);
        Run run = new Run(sink, scorer, model, RowStamp.of(model, spec), new Staging(spark, stagingRoot),
                pathColumn, key, merging,
                new LakeCommit(model.provenance().toJson(), model.provenance().entries()));
        try (StagingRuns.Heartbeat alive = StagingRuns.heartbeat(spark.sparkContext().hadoopConfiguration(),
                run.staging().folder(StagingRuns.HEARTBEAT))) {
            Dataset<Row> worklist = run.staging().keep("worklist",
                    merging ? classify(input, run) : input.withColumn(KIND, lit(NEW)));
            Map<String, Long> counts = count(worklist);
            List<String> relabelled = counts.get(RELABEL) > 0
                    ? run.staging().files("relabel", relabel(worklist, run)) : List.of();
            boolean deleting = lake.deleteMissing() && exists;
            Dataset<Row> deletions = deleting ? run.staging().keep("deletes", missing(sink, input, key)) : null;
            long deleted = deleting ? deletions.count() : 0;
            long toScore = TO_SCORE.stream().mapToLong(counts::get).sum();
            int commits = scoreAndCommit(run, worklist.filter(col(KIND).isin(TO_SCORE.toArray())).drop(KIND),
                    toScore, relabelled, deleted > 0 ? deletions : null);
            return new Summary(sink.name(), counts.get(NEW), counts.get(CHANGED), counts.get(UNCHANGED)
                    + counts.get(RELABEL), counts.get(ERROR_RESCORED), deleted, counts.get(RELABEL), commits,
                    (System.nanoTime() - start) / 1e9);
        } finally {
            run.staging().removeAll();
        }
    }

    /** What one run's steps share. */
    private record Run(LakeSink sink, ScoreJob scorer, ScoreJob.Model model, RowStamp stamp, Staging staging,
                       String pathColumn, String key, boolean merging, LakeCommit commit) {
    }

    /**
     * Scores {@code todo} ({@code toScore} rows), {@code --commit-every} chunks at a time, and commits each
     * group; the first commit also carries the relabelled rows and the deletions (null: none). Returns the
     * commits made.
     */
    private int scoreAndCommit(Run run, Dataset<Row> todo, long toScore, List<String> relabelled,
                               Dataset<Row> deletions) {
        if (toScore == 0) {
            if (relabelled.isEmpty() && deletions == null) {
                return 0;
            }
            run.sink().merge(relabelled, run.key(), deletions == null ? noKeys(todo, run) : deletions, run.commit());
            return 1;
        }
        int commits = 0;
        ChunkPlan plan = run.scorer().plan(toScore, score.input(), run.pathColumn(), run.model().provenance());
        for (Set<Integer> group : groups(plan.chunks())) {
            String folder = run.staging().folder("group-" + group.iterator().next());
            ChunkedOutput out = new ChunkedOutput(spark, new OutputTarget(folder, OutputTarget.Mode.ERROR));
            out.begin(plan, false);
            Dataset<Row> rows = run.stamp().apply(run.scorer().scoreChunks(todo, run.pathColumn(), plan,
                    others(plan, group), run.model().head()));
            ChunkedOutput.Written written = DeviceFailures.stopJobOnFirst(spark,
                    () -> out.write(rows, plan, run.model().provenance()));
            // A group without rows still stages one schema-only file (Spark always writes partition 0),
            // and a table commits nothing for it: Delta skips recording an append without data.
            List<String> files = new ArrayList<>(written.rows() > 0 ? run.staging().parquetFiles(folder) : List.of());
            boolean first = commits == 0;
            if (first) {
                files.addAll(relabelled);
            }
            boolean carriesDeletions = first && deletions != null;
            Dataset<Row> deleting = carriesDeletions ? deletions : noKeys(todo, run);
            if (files.isEmpty() && !carriesDeletions) {
                run.staging().remove(folder);
                continue;
            }
            commit(run, files, deleting, first);
            run.staging().remove(folder);
            commits++;
        }
        return commits;
    }

    private static Dataset<Row> noKeys(Dataset<Row> rows, Run run) {
        return rows.select(run.key()).limit(0);
    }

    /** Refuses, before anything is written, what the mode forbids on a table as it is. */
    private void checkMode(LakeSink sink, boolean exists) {
        OutputTarget.Mode mode = score.output().mode();
        if (mode == OutputTarget.Mode.OVERWRITE_ALL) {
            throw new UserError("--mode overwrite-all is for Parquet folders; --mode overwrite replaces a table's "
                    + "contents in one commit");
        }
        if (mode == OutputTarget.Mode.OVERWRITE && lake.incremental()) {
            throw new UserError("--mode overwrite replaces the table; --incremental (or --resume) updates it: "
                    + "pass one of them");
        }
        if (exists && mode == OutputTarget.Mode.ERROR && !lake.incremental()) {
            throw new UserError("table " + sink.name() + " already exists; pass --incremental to bring it up to "
                    + "date or --mode overwrite to replace its contents");
        }
    }

    /** Refuses an incremental run whose rows could not share the table's columns. */
    private void checkCompatible(LakeSink sink, ScoreJob.Model model) {
        StructType table = sink.read(List.of(ScoreSchema.EMBEDDING)).schema();
        boolean tableFloat16 = table.apply(ScoreSchema.EMBEDDING).dataType() instanceof BinaryType;
        if (tableFloat16 != spec.float16Embeddings()) {
            throw new UserError("table " + sink.name() + " holds " + (tableFloat16 ? "float16" : "float32")
                    + " embeddings; pass --embedding-dtype " + (tableFloat16 ? "float16" : "float32"));
        }
        boolean tableZeroShot = hasColumn(sink, ScoreSchema.PRED_LABEL);
        if (tableZeroShot != (model.head() != null)) {
            throw new UserError(tableZeroShot ? "table " + sink.name() + " has zero-shot columns; pass --classes"
                    : "table " + sink.name() + " has no zero-shot columns; drop --classes or pass --mode overwrite");
        }
    }

    private static boolean hasColumn(LakeSink sink, String column) {
        try {
            sink.read(List.of(column)).schema();
            return true;
        } catch (Exception e) { // Spark's AnalysisException is checked, though Scala throws it undeclared
            return false;
        }
    }

    /**
     * Every input row with what it is to the table: new key, changed (fingerprint, model or
     * preprocessing, or with {@code --key-column} the path), an error to score again, only the zero-shot
     * head to apply again, or unchanged. A moved image often keeps its size, time or ETag, so with a key
     * other than the path the path is compared too: the row then names where the image is now.
     */
    private Dataset<Row> classify(Dataset<Row> input, Run run) {
        String key = run.key();
        RowStamp stamp = run.stamp();
        List<String> stateColumns = new ArrayList<>(List.of(key, LakeColumns.CONTENT_FINGERPRINT,
                LakeColumns.MODEL_SHA256, LakeColumns.PREPROCESS, LakeColumns.ZEROSHOT_SHA256));
        boolean keyIsPath = key.equals(run.pathColumn());
        if (!keyIsPath) {
            stateColumns.add(run.pathColumn());
        }
        if (lake.rescoreErrors()) {
            stateColumns.add(ScoreSchema.ERROR);
        }
        Dataset<Row> state = run.sink().read(stateColumns);
        for (String column : stateColumns) {
            state = state.withColumnRenamed(column, "_t_" + column);
        }
        Dataset<Row> joined = input.join(state, input.col(key).equalTo(state.col("_t_" + key)), "left_outer");
        Column changed = not(col(LakeColumns.CONTENT_FINGERPRINT).eqNullSafe(col("_t_" + LakeColumns.CONTENT_FINGERPRINT)))
                .or(not(col("_t_" + LakeColumns.MODEL_SHA256).eqNullSafe(lit(stamp.modelSha256()))))
                .or(not(col("_t_" + LakeColumns.PREPROCESS).eqNullSafe(lit(stamp.preprocess()))));
        if (!keyIsPath) {
            changed = changed.or(not(input.col(run.pathColumn()).eqNullSafe(col("_t_" + run.pathColumn()))));
        }
        Column kind = when(col("_t_" + key).isNull(), NEW).when(changed, CHANGED);
        if (lake.rescoreErrors()) {
            kind = kind.when(col("_t_" + ScoreSchema.ERROR).isNotNull(), ERROR_RESCORED);
        }
        kind = kind.when(not(col("_t_" + LakeColumns.ZEROSHOT_SHA256).eqNullSafe(lit(stamp.zeroshotSha256()))), RELABEL)
                .otherwise(UNCHANGED);
        List<Column> kept = new ArrayList<>();
        for (String column : input.columns()) {
            kept.add(input.col(column));
        }
        kept.add(kind.as(KIND));
        return joined.select(kept.toArray(Column[]::new));
    }

    /** The table's keys that the input no longer has. */
    private static Dataset<Row> missing(LakeSink sink, Dataset<Row> input, String key) {
        Dataset<Row> table = sink.read(List.of(key));
        Dataset<Row> present = input.select(key);
        return table.join(present, table.col(key).equalTo(present.col(key)), "left_anti");
    }

    /** The table's rows to relabel, with predictions from the current head. */
    private Dataset<Row> relabel(Dataset<Row> worklist, Run run) {
        StructType input = worklist.drop(KIND).schema();
        List<String> columns = new ArrayList<>(Arrays.asList(
                ScoreSchema.output(input, run.pathColumn(), true, spec.float16Embeddings()).fieldNames()));
        columns.addAll(LakeColumns.ALL.subList(1, LakeColumns.ALL.size()));
        Dataset<Row> table = run.sink().read(columns);
        Dataset<Row> keys = worklist.filter(col(KIND).equalTo(RELABEL)).select(run.key());
        Dataset<Row> rows = table.join(keys, table.col(run.key()).equalTo(keys.col(run.key())), "left_semi")
                .filter(col(ScoreSchema.ERROR).isNull());
        return ZeroShotRelabel.apply(rows, run.model().head(), spec.topK(), run.stamp().zeroshotSha256());
    }

    private static Map<String, Long> count(Dataset<Row> worklist) {
        Map<String, Long> counts = new HashMap<>();
        for (String kind : List.of(NEW, CHANGED, ERROR_RESCORED, RELABEL, UNCHANGED)) {
            counts.put(kind, 0L);
        }
        for (Row row : worklist.groupBy(KIND).count().collectAsList()) {
            counts.put(row.getString(0), row.getLong(1));
        }
        return counts;
    }

    /** The plan's chunks cut into commits of {@code --commit-every} (0: all in one). */
    private List<Set<Integer>> groups(int chunks) {
        int size = lake.commitEvery() == 0 ? chunks : lake.commitEvery();
        List<Set<Integer>> groups = new ArrayList<>();
        for (int first = 0; first < chunks; first += size) {
            Set<Integer> group = new TreeSet<>();
            for (int chunk = first; chunk < Math.min(chunks, first + size); chunk++) {
                group.add(chunk);
            }
            groups.add(group);
        }
        return groups;
    }

    private static Set<Integer> others(ChunkPlan plan, Set<Integer> group) {
        Set<Integer> skip = new TreeSet<>();
        for (int chunk = 0; chunk < plan.chunks(); chunk++) {
            if (!group.contains(chunk)) {
                skip.add(chunk);
            }
        }
        return skip;
    }

    /** One commit: replaces the table (overwrite's first), merges (an incremental run) or appends. */
    private void commit(Run run, List<String> files, Dataset<Row> deletions, boolean first) {
        if (first && score.output().mode() == OutputTarget.Mode.OVERWRITE) {
            run.sink().overwrite(files, run.commit());
        } else if (run.merging()) {
            run.sink().merge(files, run.key(), deletions, run.commit());
        } else {
            run.sink().append(files, run.commit());
        }
    }

    /**
     * The lake columns every newly scored row gets: which model and preprocessing, which zero-shot head,
     * and when.
     */
    record RowStamp(String model, String modelSha256, String preprocess, String zeroshotSha256) {
        static RowStamp of(ScoreJob.Model model, ScoringSpec spec) {
            Map<String, String> entries = model.provenance().entries();
            String zeroshot = model.head() == null ? null : Provenance.sha256(List.of(
                    entries.get("clip_batch.zeroshot.classes.sha256"),
                    entries.get("clip_batch.zeroshot.templates.sha256"),
                    entries.get("clip_batch.zeroshot.top_k")));
            return new RowStamp(model.bundle().root().getFileName().toString(), entries.get(Provenance.VISUAL_SHA256),
                    entries.get("clip_batch.preprocess") + "; mode=" + spec.preprocess().cliName(), zeroshot);
        }

        Dataset<Row> apply(Dataset<Row> scored) {
            return scored.withColumn(LakeColumns.MODEL, lit(model))
                    .withColumn(LakeColumns.MODEL_SHA256, lit(modelSha256))
                    .withColumn(LakeColumns.PREPROCESS, lit(preprocess))
                    .withColumn(LakeColumns.ZEROSHOT_SHA256, lit(zeroshotSha256).cast("string"))
                    .withColumn(LakeColumns.SCORED_AT, current_timestamp());
        }
    }

    /** This run's folder under the sink's staging root: what it stages there goes when the run ends. */
    private static final class Staging {
        private final SparkSession spark;
        private final Path root;
        private final Path run;

        Staging(SparkSession spark, String root) {
            this.spark = spark;
            this.root = new Path(root);
            this.run = StagingRuns.newRun(this.root, Instant.now());
        }

        String folder(String name) {
            return new Path(run, name).toString();
        }

        /** Rows written here once and read back: later steps see the same rows however often they read. */
        Dataset<Row> keep(String name, Dataset<Row> rows) {
            rows.write().parquet(folder(name));
            return spark.read().parquet(folder(name));
        }

        List<String> files(String name, Dataset<Row> rows) {
            rows.write().parquet(folder(name));
            return parquetFiles(folder(name));
        }

        List<String> parquetFiles(String folder) {
            List<String> files = new ArrayList<>();
            try {
                for (FileStatus file : fs().listStatus(new Path(folder))) {
                    if (file.isFile() && file.getPath().getName().endsWith(".parquet")) {
                        files.add(file.getPath().toString());
                    }
                }
            } catch (IOException e) {
                throw new UserError("cannot list staged files in " + folder + ": " + StoreErrors.reason(e));
            }
            return files;
        }

        void remove(String folder) {
            delete(new Path(folder));
        }

        /** The run's folder, and the staging root when no other run stages there. */
        void removeAll() {
            delete(run);
            try {
                if (fs().exists(root) && fs().listStatus(root).length == 0) {
                    fs().delete(root, false);
                }
            } catch (IOException e) {
                // an empty staging folder left behind is harmless
            }
        }

        private void delete(Path path) {
            try {
                fs().delete(path, true);
            } catch (IOException e) {
                // staged files left behind are never read as table data; the next run ignores them
            }
        }

        private FileSystem fs() throws IOException {
            return root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        }
    }
}
