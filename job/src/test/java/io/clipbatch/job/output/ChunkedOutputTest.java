package io.clipbatch.job.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.cli.ClipBatch;
import io.clipbatch.job.ChunkPicks;
import io.clipbatch.udfs.input.ImageInputs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunked output on local[2]: chunk ids, resume after lost chunks, retry of failed rows, plan checks. */
class ChunkedOutputTest {
    static final String MODEL = SparkTestSession.TINY_IMMICH.toString();
    static final Pattern CHUNK_LINE = Pattern.compile(
            "chunks: (\\d+) planned, (\\d+) committed before this run, (\\d+) written by it \\((\\d+) rows\\)");
    static final int IMAGES = 24;

    static SparkSession spark;
    @TempDir
    static Path work;
    static Path images;

    record Run(int code, String err, int planned, int skipped, int written, long rows) {
    }

    @BeforeAll
    static void setUp() throws IOException {
        spark = SparkTestSession.get();
        images = Files.createDirectories(work.resolve("images"));
        List<Path> sources;
        try (Stream<Path> golden = Files.list(SparkTestSession.GOLDEN_IMAGES)) {
            sources = golden.filter(p -> p.toString().matches(".*\\.(png|jpg)$")).sorted().toList();
        }
        for (int i = 0; i < IMAGES; i++) {
            Path source = sources.get(i % sources.size());
            Files.copy(source, images.resolve(String.format("img-%03d-%s", i, source.getFileName())));
        }
    }

    static Run score(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            List<String> all = new ArrayList<>(List.of("score", "--model", MODEL));
            all.addAll(List.of(args));
            int code = ClipBatch.execute(all.toArray(new String[0]));
            String text = err.toString(StandardCharsets.UTF_8);
            Matcher line = CHUNK_LINE.matcher(text);
            if (!line.find()) {
                return new Run(code, text, -1, -1, -1, -1);
            }
            return new Run(code, text, Integer.parseInt(line.group(1)), Integer.parseInt(line.group(2)),
                    Integer.parseInt(line.group(3)), Long.parseLong(line.group(4)));
        } finally {
            System.setErr(oldErr);
        }
    }

    static List<Path> chunkFiles(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(p -> p.getFileName().toString().matches("part-\\d+-.*\\.parquet")).sorted().toList();
        }
    }

    /** Chunk ids with files; Spark always writes partition 0, so a resumed run may add an empty file for chunk 0. */
    static java.util.Set<String> chunkIds(Path out) throws IOException {
        return new java.util.TreeSet<>(chunkFiles(out).stream()
                .map(p -> p.getFileName().toString().substring(0, "part-00000".length())).toList());
    }

    static List<Row> sorted(Path out) {
        return spark.read().parquet(out.toString()).orderBy("path").collectAsList();
    }

    @Test
    void eachChunkIsOneFileHoldingTheRowsWhosePathHashesToIt() throws IOException {
        Path out = work.resolve("chunks-out");
        Run run = score("--input", images.toString(), "--output", out.toString(), "--chunk-size", "5");
        assertEquals(0, run.code(), run.err());
        assertEquals(5, run.planned(), "24 images / 5 per chunk");
        assertEquals(0, run.skipped());
        assertEquals(IMAGES, run.rows());
        assertEquals(run.written(), chunkFiles(out).size());
        Dataset<Row> rows = spark.read().parquet(out.toString())
                .selectExpr("path", "cast(regexp_extract(input_file_name(), 'part-(\\\\d+)-', 1) as int) as chunk",
                        "pmod(hash(path), 5) as expected");
        assertEquals(IMAGES, rows.count());
        assertEquals(0, rows.filter("chunk != expected").count(), "chunk k holds the rows of hash partition k");
        assertTrue(Files.exists(out.resolve(ChunkedOutput.PLAN_FILE)));
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
    }

    @Test
    void resumeRunsOnlyTheMissingChunksAndEndsIdentical() throws IOException {
        Path full = work.resolve("resume-full");
        assertEquals(0, score("--input", images.toString(), "--output", full.toString(), "--chunk-size", "4").code());
        List<Row> expected = sorted(full);

        // A driver killed after some chunks: copy all but two chunk files, plus a stale attempt.
        Path cut = Files.createDirectories(work.resolve("resume-cut"));
        Files.copy(full.resolve(ChunkedOutput.PLAN_FILE), cut.resolve(ChunkedOutput.PLAN_FILE));
        List<Path> chunks = chunkFiles(full);
        long lostRows = 0;
        for (int i = 0; i < chunks.size(); i++) {
            if (i == 1 || i == 4) {
                lostRows += spark.read().parquet(chunks.get(i).toString()).count();
            } else {
                Files.copy(chunks.get(i), cut.resolve(chunks.get(i).getFileName()));
            }
        }
        Path stale = Files.createDirectories(cut.resolve("_temporary/0/_temporary/attempt_x"));
        Files.writeString(stale.resolve("part-00001-half-written.parquet"), "PAR1 cut short");

        Run resumed = score("--input", images.toString(), "--output", cut.toString(), "--chunk-size", "4", "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(IMAGES / 4, resumed.planned());
        assertEquals(chunks.size() - 2, resumed.skipped());
        assertEquals(2, resumed.written(), "only the two lost chunks run (an empty chunk has no file and no rows)");
        assertEquals(lostRows, resumed.rows());
        assertEquals(expected, sorted(cut), "resumed output equals the uninterrupted one");
        assertEquals(chunkIds(full), chunkIds(cut));

        Run again = score("--input", images.toString(), "--output", cut.toString(), "--chunk-size", "4", "--resume");
        assertEquals(0, again.code(), again.err());
        assertEquals(0, again.written(), "a finished output has nothing left to run");
        assertEquals(expected, sorted(cut));
    }

    @Test
    void resumeRefusesAChangedInput() throws IOException {
        Path out = work.resolve("changed-out");
        Path few = firstImages(6, "few");
        assertEquals(0, score("--input", few.toString(), "--output", out.toString(), "--chunk-size", "2").code());
        Files.copy(images.resolve(chunkName(7)), few.resolve(chunkName(7)));
        Run changed = score("--input", few.toString(), "--output", out.toString(), "--chunk-size", "2", "--resume");
        assertEquals(2, changed.code());
        assertTrue(changed.err().contains("the input now has 7 rows but had 6"), changed.err());
    }

    @Test
    void resumeRefusesOtherScoringSettings() throws IOException {
        Path out = work.resolve("dtype-out");
        Path few = firstImages(4, "few-dtype");
        assertEquals(0, score("--input", few.toString(), "--output", out.toString(), "--chunk-size", "2").code());
        Run changed = score("--input", few.toString(), "--output", out.toString(), "--chunk-size", "2", "--resume",
                "--embedding-dtype", "float16");
        assertEquals(2, changed.code(), changed.err());
        assertTrue(changed.err().contains("clip_batch.embedding.dtype = float32, not float16"), changed.err());
    }

    @Test
    void oneImageIsOneChunk() throws IOException {
        Run run = score("--input", firstImages(1, "one").toString(), "--output", work.resolve("one-out").toString());
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of(1, 0, 1, 1L), List.of(run.planned(), run.skipped(), run.written(), run.rows()));
    }

    @Test
    void anEmptyChunkCountsAsCommittedInTheSummaryAndOnResume() throws IOException {
        // Two images that both hash to chunk 0 of 2: chunk 1 is committed with no rows and no file.
        Path folder = firstImages(IMAGES, "empty-chunk");
        ChunkPicks.keepTwoInChunk(spark, folder, 0);
        Path out = work.resolve("empty-chunk-out");
        Run run = score("--input", folder.toString(), "--output", out.toString(), "--chunk-size", "1");
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of(2, 0, 2, 2L), List.of(run.planned(), run.skipped(), run.written(), run.rows()),
                "the empty chunk is written too: " + run.err());
        assertEquals(java.util.Set.of("part-00000"), chunkIds(out), "only chunk 0 has a file");
        assertTrue(Files.exists(out.resolve(ChunkedOutput.EMPTY_CHUNKS_FILE)));

        Run resumed = score("--input", folder.toString(), "--output", out.toString(), "--chunk-size", "1", "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(List.of(2, 2, 0, 0L), List.of(resumed.planned(), resumed.skipped(), resumed.written(),
                resumed.rows()), "both chunks are committed; nothing is left to write");
    }

    @Test
    void aFailedRunEndsWithOneLineAndTheHintThatApplies() throws IOException {
        Path full = work.resolve("failed-full");
        assertEquals(0, score("--input", images.toString(), "--output", full.toString(), "--chunk-size", "4").code());
        List<Row> expected = sorted(full);
        List<Path> chunks = chunkFiles(full);
        Files.delete(chunks.get(1));
        Files.delete(chunks.get(4));
        Path log = work.resolve("logs/failed.log");
        // Brotli passes Spark's driver-side check; the executors have no codec for it, so every task fails.
        String[] brotli = {"--conf", "spark.sql.parquet.compression.codec=brotli"};
        System.setProperty("clipbatch.log.file", log.toString());
        Run failed;
        Run fresh;
        try {
            failed = score(concat(new String[] {"--input", images.toString(), "--output", full.toString(),
                "--chunk-size", "4", "--resume"}, brotli));
            fresh = score(concat(new String[] {"--input", images.toString(), "--output",
                work.resolve("failed-fresh").toString()}, brotli));
        } finally {
            System.clearProperty("clipbatch.log.file");
            spark.conf().unset("spark.sql.parquet.compression.codec");
        }
        assertEquals(1, failed.code(), failed.err());
        List<String> lines = failed.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), failed.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("clip-batch: failed: "), line);
        SortedSet<Integer> left = new TreeSet<>(List.of(0, 1, 2, 3, 4, 5));
        left.removeAll(List.of(chunkId(chunks.get(1)), chunkId(chunks.get(4))));
        assertTrue(line.contains("; " + left.size() + " of 6 chunks committed (" + ChunkProgress.ranges(left) + ") in "
                + full + "; continue with: "), line);
        assertTrue(line.endsWith(" (stack trace in " + log + ")"), line);
        assertTrue(Files.readString(log).contains("BrotliCodec"), "the stack trace is in the log file");

        assertEquals(1, fresh.code(), fresh.err());
        assertEquals(1, fresh.err().lines().filter(l -> !l.isBlank()).count(), fresh.err());
        // With no chunk committed the run takes away the folder it created, so the same command simply
        // runs again. A task still running when the job failed may write into it afterwards; then the
        // line must say that --mode overwrite is needed, and that must be enough.
        Path freshOut = work.resolve("failed-fresh");
        boolean leftBehind = Files.exists(freshOut);
        assertTrue(fresh.err().contains(leftBehind
                ? "0 of 2 chunks committed in " + freshOut + "; to start again, add --mode overwrite"
                : "; nothing was left in " + freshOut + " (stack trace in "), fresh.err());
        Run again = score(leftBehind ? new String[] {"--input", images.toString(), "--output", freshOut.toString(),
            "--mode", "overwrite"} : new String[] {"--input", images.toString(), "--output", freshOut.toString()});
        assertEquals(0, again.code(), again.err());

        // The printed command continues the output: the user's arguments, --resume, and no more.
        String command = line.substring(line.indexOf("; continue with: ") + "; continue with: ".length(),
                line.indexOf(" (stack trace in "));
        assertTrue(command.startsWith("clip-batch score --model " + MODEL + " --input "), command);
        assertTrue(command.endsWith(" --resume"), command);
        List<String> resumeArgs = List.of(command.substring("clip-batch score --model ".length()).split(" "));
        assertTrue(resumeArgs.contains("spark.sql.parquet.compression.codec=brotli"), command);
        List<String> withoutBrotli = new ArrayList<>(resumeArgs.subList(1, resumeArgs.size()));
        withoutBrotli.removeAll(List.of(brotli));
        Run resumed = score(withoutBrotli.toArray(new String[0]));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(2, resumed.written());
        assertEquals(expected, sorted(full), "the resumed output has every row once");
    }

    private static int chunkId(Path chunkFile) {
        return Integer.parseInt(chunkFile.getFileName().toString().substring("part-".length(), "part-00000".length()));
    }

    private static String[] concat(String[] first, String[] second) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(second));
        return all.toArray(new String[0]);
    }

    /** A folder with the first {@code count} test images. */
    private static Path firstImages(int count, String name) throws IOException {
        Path folder = Files.createDirectories(work.resolve(name));
        try (Stream<Path> files = Files.list(images)) {
            for (Path image : files.sorted().limit(count).toList()) {
                Files.copy(image, folder.resolve(image.getFileName()));
            }
        }
        return folder;
    }

    private static String chunkName(int index) throws IOException {
        try (Stream<Path> files = Files.list(images)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().get(index);
        }
    }

    @Test
    void retryErrorsRescoresOnlyTheFailedRows() throws IOException {
        Path lake = Files.createDirectories(work.resolve("lake"));
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("uri", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        List<Path> late = new ArrayList<>();
        try (Stream<Path> files = Files.list(images)) {
            int id = 0;
            for (Path image : files.sorted().limit(10).toList()) {
                Path target = lake.resolve(image.getFileName());
                if (id % 3 == 0) {
                    late.add(image);   // not there yet: a transient read failure
                } else {
                    Files.copy(image, target);
                }
                rows.add(RowFactory.create(id++, target.toString()));
            }
        }
        Path manifest = work.resolve("retry-manifest.parquet");
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(manifest.toString());
        Path first = work.resolve("retry-first");
        assertEquals(0, score("--input", manifest.toString(), "--path-column", "uri", "--output", first.toString(),
                "--chunk-size", "3").code());
        assertEquals(late.size(), spark.read().parquet(first.toString()).filter("error = 'read: no such file'").count());

        for (Path image : late) {
            Files.copy(image, lake.resolve(image.getFileName()));
        }
        Path refused = work.resolve("retry-refused");
        Run mismatch = score("--retry-errors", first.toString(), "--output", refused.toString(),
                "--embedding-dtype", "float16");
        assertEquals(2, mismatch.code(), mismatch.err());
        assertTrue(mismatch.err().contains("has float32 embeddings; pass --embedding-dtype float32"), mismatch.err());
        assertFalse(Files.exists(refused), "a refused retry leaves no output behind");

        Path second = work.resolve("retry-second");
        Run retry = score("--retry-errors", first.toString(), "--output", second.toString(), "--chunk-size", "3");
        assertEquals(0, retry.code(), retry.err());
        assertEquals(rows.size(), retry.rows(), "the new output is complete");
        Dataset<Row> after = spark.read().parquet(second.toString());
        assertEquals(List.of("id", "uri", "path", "embedding", "error"), List.of(after.columns()));
        assertEquals(rows.size(), after.count());
        assertEquals(0, after.filter("error is not null").count());
        Dataset<Row> before = spark.read().parquet(first.toString()).filter("error is null");
        assertEquals(before.count(), before.join(after, before.col("id").equalTo(after.col("id"))
                .and(before.col("embedding").equalTo(after.col("embedding")))).count(), "good rows are copied");
        Row rescued = after.filter("id = 0").first();
        assertNotNull(rescued.getAs("embedding"));
        assertNull(rescued.getAs("error"));
    }

    @Test
    void retryErrorsNeedsAnotherOutputAndNoInput() {
        Run same = score("--retry-errors", work.resolve("x").toString(), "--output", work.resolve("x/").toString());
        assertEquals(2, same.code());
        assertTrue(same.err().contains("is the same location as --retry-errors"), same.err());
        Path x = work.resolve("x");
        for (String spelled : List.of("file:" + x, x + "//", Path.of("").toAbsolutePath().relativize(x).toString())) {
            Run again = score("--retry-errors", x.toString(), "--output", spelled);
            assertEquals(2, again.code(), spelled);
            assertTrue(again.err().contains("is the same location as --retry-errors"), spelled + ": " + again.err());
        }
        Run both = score("--retry-errors", "a", "--input", "b", "--output", "c");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        Run neither = score("--output", "c");
        assertEquals(2, neither.code());
        assertTrue(neither.err().contains("--input=URI | --retry-errors"), neither.err());
    }

    @Test
    void resumeOfSomethingElseIsRefused() throws IOException {
        Path other = Files.createDirectories(work.resolve("not-ours"));
        Files.writeString(other.resolve("data.csv"), "a,b\n");
        Run run = score("--input", images.toString(), "--output", other.toString(), "--resume");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("has no " + ChunkedOutput.PLAN_FILE), run.err());
    }

    @Test
    void planSizesChunksForRowsAndCores() {
        assertEquals(5, ChunkPlan.of(24, 5, 2, "in", "path", "x").chunks());
        assertEquals(4, ChunkPlan.of(30, 10000, 4, "in", "path", "x").chunks(), "every core gets a chunk");
        assertEquals(3, ChunkPlan.of(3, 10000, 4, "in", "path", "x").chunks(), "never more chunks than rows");
        assertEquals(1, ChunkPlan.of(1, 10000, 2, "in", "path", "x").chunks());
        assertEquals(1, ChunkPlan.of(0, 10000, 2, "in", "path", "x").chunks(), "an empty input gets one chunk");
        ChunkPlan plan = ChunkPlan.of(100_000, 20_000, 2, "s3a://b/in", "uri", "abc");
        assertEquals(plan, ChunkPlan.fromJson(plan.toJson(), "plan"));
        assertNull(plan.conflictWith(plan));
        assertTrue(ChunkPlan.of(100_000, 20_000, 2, "s3a://b/in", "uri", "other").conflictWith(plan)
                .contains("another model"));
        ChunkPlan scored = plan.withScoring(Map.of("clip_batch.zeroshot.top_k", "5"));
        assertEquals(scored, ChunkPlan.fromJson(scored.toJson(), "plan"));
        assertNull(scored.conflictWith(plan), "a plan written before scoring settings were kept is not checked for them");
        assertTrue(plan.withScoring(Map.of("clip_batch.zeroshot.top_k", "3")).conflictWith(scored)
                .contains("clip_batch.zeroshot.top_k = 5, not 3"));
        assertTrue(plan.withScoring(Map.of()).conflictWith(scored).contains("top_k = 5, not null"));
    }
}
