package io.clipbatch.job.output;

import io.clipbatch.udfs.input.StoreErrors;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.spark_partition_id;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.job.RunProgress;
import io.clipbatch.udfs.UserError;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * {@code score}'s output, written chunk by chunk so that a long job survives faults and resumes.
 *
 * <p>The input is hash-partitioned by path into the plan's fixed number of chunks: chunk k is
 * Spark partition k, scored by one task and written as one Parquet file {@code part-0000k-*.parquet}.
 * The write uses FileOutputCommitter's algorithm 2, under which a task's file moves into the output
 * when the task commits, and Spark's commit coordinator lets one attempt per chunk commit. So a
 * chunk is in the output whole or not at all, retried tasks never add a second copy, and a killed
 * driver loses only the chunks that were still running. {@code spark.read.parquet(OUTPUT)} reads
 * the chunks as one data set; names starting with {@code _} (the plan, Spark's {@code _temporary})
 * are hidden from it.
 */
public final class ChunkedOutput {
    /** The plan, written before the first chunk; a resumed run reads it back. */
    public static final String PLAN_FILE = "_clipbatch_plan.json";
    /**
     * The chunks that were committed with no rows: Spark writes no file for an empty partition, so
     * they are listed here, after a write that committed every chunk, to count as committed.
     */
    public static final String EMPTY_CHUNKS_FILE = "_clipbatch_empty_chunks.json";

    /** The plan, the empty-chunk record and Spark's chunk files: all that {@code --mode overwrite} deletes. */
    static final OutputFiles FILES = OutputFiles.SPARK_PARQUET.and(Pattern.quote(PLAN_FILE))
            .and(Pattern.quote(EMPTY_CHUNKS_FILE));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TASKS_STOPPING_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Pattern CHUNK_FILE = Pattern.compile("part-(\\d+)-.+\\.parquet");

    private final SparkSession spark;
    private final OutputTarget target;
    /** Whether {@link #begin} wrote the plan, and whether the output folder existed before it did. */
    private boolean wrotePlan;
    private boolean rootExisted;

    public ChunkedOutput(SparkSession spark, OutputTarget target) {
        this.spark = spark;
        this.target = target;
    }

    /** What a write did in this run. */
    public record Written(long chunks, long rows) {
    }

    /** Fails early, before any model loads, when this run may not start on the output as it is. */
    public void checkStart(boolean resume) {
        if (resume && target.exists(spark)) {
            if (readPlan() == null) {
                throw new UserError("cannot resume " + target.uri() + ": it has no " + PLAN_FILE
                        + ", so clip-batch score did not start it");
            }
            return;
        }
        target.checkWritable(spark, FILES);
    }

    /**
     * The run's plan: {@code wanted} for a new output, written into it; with {@code resume}, the
     * plan of the run that started the output, provided the input still fits it.
     */
    public ChunkPlan begin(ChunkPlan wanted, boolean resume) {
        ChunkPlan earlier = resume ? readPlan() : null;
        if (earlier != null) {
            String conflict = wanted.conflictWith(earlier);
            if (conflict != null) {
                throw new UserError("cannot resume " + target.uri() + ": " + conflict);
            }
            return earlier;
        }
        target.clear(spark, FILES);
        rootExisted = exists(root());
        writePlan(wanted);
        wrotePlan = true;
        return wanted;
    }

    /** The chunks already in the output: those with a file, and those recorded as committed empty. */
    public SortedSet<Integer> committedChunks() {
        SortedSet<Integer> chunks = chunksWithFiles();
        chunks.addAll(readEmptyChunks());
        return chunks;
    }

    /** What is committed now, for the line that ends an interrupted or failed run. */
    public RunProgress.Report progress(ChunkPlan plan) {
        return new ChunkProgress(this, plan, target.uri());
    }

    boolean exists() {
        return target.exists(spark);
    }

    private SortedSet<Integer> chunksWithFiles() {
        SortedSet<Integer> chunks = new TreeSet<>();
        try {
            for (FileStatus file : fs().listStatus(root())) {
                Matcher name = CHUNK_FILE.matcher(file.getPath().getName());
                if (file.isFile() && name.matches()) {
                    chunks.add(Integer.parseInt(name.group(1)));
                }
            }
        } catch (FileNotFoundException e) {
            return chunks;
        } catch (IOException e) {
            throw new UserError("cannot list output " + target.uri() + ": " + StoreErrors.reason(e));
        }
        return chunks;
    }

    /**
     * Cuts rows into the plan's chunks, without those in {@code skip}. Each chunk is sorted by path,
     * so every run writes a chunk's rows in the same order.
     */
    public static Dataset<Row> chunk(Dataset<Row> rows, String pathColumn, ChunkPlan plan, Set<Integer> skip) {
        Dataset<Row> chunks = rows.repartition(plan.chunks(), col(pathColumn)).sortWithinPartitions(pathColumn);
        // The partition id after the shuffle is the chunk id; Spark never pushes this filter below it.
        return skip.isEmpty() ? chunks : chunks.filter(not(spark_partition_id().isin(skip.toArray())));
    }

    /**
     * Writes the chunks of {@link #chunk}, each committed on its own, with the provenance in every
     * footer; then records the plan's chunks that came out empty, so that they count as committed.
     */
    public Written write(Dataset<Row> chunks, ChunkPlan plan, Provenance provenance) {
        try {
            return writeChunks(chunks, plan, provenance);
        } catch (Exception e) { // SparkException is checked, though Scala throws it undeclared
            removePlanIfNothingCommitted();
            throw e;
        }
    }

    /**
     * After a failed write: a plan that this run wrote, with no chunk committed under it, would only
     * make the corrected rerun ask for {@code --resume} or {@code --mode overwrite}, so it goes, and
     * the folder too when this run created it.
     */
    private void removePlanIfNothingCommitted() {
        if (!wrotePlan) {
            return;
        }
        try {
            awaitTasksStillRunning();
            if (!committedChunks().isEmpty()) {
                return;
            }
            if (rootExisted) {
                fs().delete(new Path(root(), PLAN_FILE), false);
            } else {
                // The folder is this run's: the plan and whatever the failed tasks left (_temporary/) go with it.
                fs().delete(root(), true);
            }
        } catch (IOException | UserError e) {
            // The run's own failure is what the user needs to see; a plan left behind only asks for --mode overwrite.
        }
    }

    /**
     * A failed job's other tasks go on until they notice they were killed, and may still write
     * under the output: waits (a while at most) until none is running, so that what is removed
     * stays removed.
     */
    private void awaitTasksStillRunning() {
        long deadline = System.nanoTime() + TASKS_STOPPING_NANOS;
        try {
            do {
                // The status tracker learns of task starts and ends through the listener bus: drained
                // first, it cannot report no task running while a start is still queued.
                spark.sparkContext().listenerBus().waitUntilEmpty(TimeUnit.NANOSECONDS.toMillis(
                        Math.max(0, deadline - System.nanoTime())));
                if (runningTasks() == 0) {
                    return;
                }
                Thread.sleep(50);
            } while (System.nanoTime() < deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            // the bus stayed busy until the deadline: go on as if the tasks had stopped
        }
    }

    private int runningTasks() {
        return Arrays.stream(spark.sparkContext().statusTracker().getExecutorInfos())
                .mapToInt(SparkExecutorInfo::numRunningTasks).sum();
    }

    private Written writeChunks(Dataset<Row> chunks, ChunkPlan plan, Provenance provenance) {
        int committedBefore = committedChunks().size();
        LongAccumulator rowCount = spark.sparkContext().longAccumulator("clip-batch rows written");
        chunks.mapPartitions(new ChunkCounter(rowCount), Encoders.row(chunks.schema()))
                .write()
                .format(ProvenanceParquetFormat.class.getName())
                .mode(SaveMode.Append)
                .option(ProvenanceWriteSupport.PROVENANCE_KEY, provenance.toJson())
                // Algorithm 2 commits each task's file into the output as the task ends: chunk by chunk.
                .option("mapreduce.fileoutputcommitter.algorithm.version", "2")
                .option("maxRecordsPerFile", 0)
                .save(target.uri());
        recordEmptyChunks(plan);
        return new Written(committedChunks().size() - committedBefore, rowCount.value());
    }

    /** After a write that committed every chunk: those of the plan without a file had no rows. */
    private void recordEmptyChunks(ChunkPlan plan) {
        SortedSet<Integer> empty = new TreeSet<>();
        for (int chunk = 0; chunk < plan.chunks(); chunk++) {
            empty.add(chunk);
        }
        empty.removeAll(chunksWithFiles());
        if (!empty.isEmpty() && !empty.equals(readEmptyChunks())) {
            writeFile(EMPTY_CHUNKS_FILE, empty.toString());
        }
    }

    private SortedSet<Integer> readEmptyChunks() {
        String json = readFile(EMPTY_CHUNKS_FILE);
        if (json == null) {
            return new TreeSet<>();
        }
        try {
            return new TreeSet<>(List.of(JSON.readValue(json, Integer[].class)));
        } catch (JsonProcessingException e) {
            throw new UserError(new Path(root(), EMPTY_CHUNKS_FILE) + " is not a list of chunk ids: "
                    + e.getOriginalMessage());
        }
    }

    ChunkPlan readPlan() {
        String json = readFile(PLAN_FILE);
        return json == null ? null : ChunkPlan.fromJson(json, new Path(root(), PLAN_FILE).toString());
    }

    private void writePlan(ChunkPlan plan) {
        writeFile(PLAN_FILE, plan.toJson());
    }

    /** A small file of the output as text, or null when it is not there. */
    private String readFile(String name) {
        Path file = new Path(root(), name);
        try (InputStream in = fs().open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + StoreErrors.reason(e));
        }
    }

    private void writeFile(String name, String text) {
        Path file = new Path(root(), name);
        try (OutputStream out = fs().create(file, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + StoreErrors.reason(e));
        }
    }

    private boolean exists(Path path) {
        try {
            return fs().exists(path);
        } catch (IOException e) {
            throw new UserError("cannot check output " + target.uri() + ": " + StoreErrors.reason(e));
        }
    }

    private Path root() {
        return new Path(target.uri());
    }

    private FileSystem fs() {
        try {
            return root().getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UserError("cannot open output " + target.uri() + ": " + StoreErrors.reason(e));
        }
    }
}
