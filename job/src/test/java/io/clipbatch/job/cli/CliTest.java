package io.clipbatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.core.session.Vectors;
import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.datasets.DatasetSpec;
import io.clipbatch.job.eval.EvalJob;
import io.clipbatch.job.eval.ModelUnderTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Mistakes get one line on stderr and exit code 2; every command has --help. */
class CliTest {
    static final String MODEL = SparkTestSession.TINY_IMMICH.toString();

    @TempDir
    static Path work;

    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank() && !l.contains(" WARN ")).toList();
        }
    }

    @BeforeAll
    static void spark() {
        SparkTestSession.get();
    }

    static Run run(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int code = ClipBatch.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    static void assertOneLineUsageError(Run run, String expectedFragment) {
        assertEquals(2, run.code(), run.err());
        assertEquals(1, run.errLines().size(), "one line on stderr, got:\n" + run.err());
        assertTrue(run.errLines().get(0).startsWith("clip-batch: "), run.err());
        assertTrue(run.err().contains(expectedFragment), "expected '" + expectedFragment + "' in: " + run.err());
    }

    @Test
    void unknownFlag() {
        assertOneLineUsageError(run("", "score", "--model", MODEL, "--input", "x", "--output", "y", "--frobnicate"),
                "--frobnicate");
    }

    @Test
    void unknownCommand() {
        assertOneLineUsageError(run("", "frobnicate"), "frobnicate");
    }

    @Test
    void missingModel() {
        assertOneLineUsageError(run("", "score", "--model", work.resolve("no-model").toString(), "--input",
                SparkTestSession.GOLDEN_IMAGES.toString(), "--output", work.resolve("o1").toString()), "no-model");
    }

    @Test
    void modelThatIsNotABundle() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty-model"));
        assertOneLineUsageError(run("", "inspect-model", "--model", empty.toString()), "empty-model");
    }

    @Test
    void missingInput() {
        assertOneLineUsageError(run("", "score", "--model", MODEL, "--input", work.resolve("nothing").toString(),
                "--output", work.resolve("o2").toString()), "does not exist");
    }

    @Test
    void manifestWithoutThePathColumn() {
        Path manifest = work.resolve("no-path.parquet");
        StructType schema = new StructType().add("uri", DataTypes.StringType);
        SparkTestSession.get().createDataFrame(List.of(RowFactory.create("a.jpg")), schema)
                .write().parquet(manifest.toString());
        assertOneLineUsageError(run("", "score", "--model", MODEL, "--input", manifest.toString(),
                "--output", work.resolve("o3").toString()), "no path column 'path'");
    }

    @Test
    void existingOutputUnderModeError() throws Exception {
        Path out = Files.createDirectories(work.resolve("taken"));
        Files.writeString(out.resolve("part-0.parquet"), "x");
        assertOneLineUsageError(run("", "score", "--model", MODEL, "--input", SparkTestSession.GOLDEN_IMAGES.toString(),
                "--output", out.toString()), "already exists");
    }

    @Test
    void badMode() {
        assertOneLineUsageError(run("", "score", "--model", MODEL, "--input", "x", "--output", "y", "--mode", "append"),
                "--mode");
    }

    @Test
    void scoreNeedsExactlyOneOfInputAndRetryErrors() {
        Run neither = run("", "score", "--model", MODEL, "--output", "y");
        assertOneLineUsageError(neither, "clip-batch: Missing required argument (specify one of these): "
                + "(--input=URI | --retry-errors=PREVIOUS_OUTPUT) (see score --help)");
        assertOneLineUsageError(run("", "score", "--model", MODEL, "--output", "y", "--input", "x",
                "--retry-errors", "z"), "clip-batch: --input=URI, --retry-errors=PREVIOUS_OUTPUT are mutually exclusive");
        Run help = run("", "score", "--help");
        assertTrue(help.out().replaceAll("\\s+", " ").contains("(--input=URI | --retry-errors=PREVIOUS_OUTPUT)"),
                "the usage line shows that one of them is required:\n" + help.out());
    }

    /** score's --chunk-size (committed chunks) and eval's --images-per-task (Spark tasks) keep a hidden old name. */
    @Test
    void chunkSizeAndImagesPerTaskAcceptTheirOldName() {
        for (String name : List.of("--chunk-size", "--images-per-partition")) {
            ScoreCommand score = new ScoreCommand();
            new CommandLine(score).parseArgs("--model", MODEL, "--input", "x", "--output", "y", name, "7");
            assertEquals(7, score.chunkSize, name);
        }
        ScoreCommand unset = new ScoreCommand();
        new CommandLine(unset).parseArgs("--model", MODEL, "--input", "x", "--output", "y");
        assertEquals(10000, unset.chunkSize);
        EvalCommand evalUnset = new EvalCommand();
        new CommandLine(evalUnset).parseArgs("--dataset", "d=x", "--output", "y");
        assertEquals(5000, evalUnset.options.settings(List.of(ModelUnderTest.single("m", Path.of(MODEL))),
                List.of(DatasetSpec.parse("d=x", null))).imagesPerTask());
        for (String name : List.of("--images-per-task", "--images-per-partition")) {
            EvalCommand eval = new EvalCommand();
            new CommandLine(eval).parseArgs("--dataset", "d=x", "--output", "y", name, "7");
            EvalJob.Settings settings = eval.options.settings(List.of(ModelUnderTest.single("m", Path.of(MODEL))),
                    List.of(DatasetSpec.parse("d=x", null)));
            assertEquals(7, settings.imagesPerTask(), name);
        }
        String scoreHelp = run("", "score", "--help").out();
        assertTrue(scoreHelp.contains("committed, resumable") && !scoreHelp.contains("--images-per-partition"),
                scoreHelp);
        String evalHelp = run("", "eval", "--help").out();
        assertTrue(evalHelp.contains("--images-per-task") && evalHelp.contains("not chunked or resumable")
                && !evalHelp.contains("--images-per-partition"), evalHelp);
    }

    @Test
    void readmeCommandTableListsEveryCommand() throws Exception {
        List<String> firstCells = Files.readAllLines(Path.of("../README.md")).stream()
                .filter(l -> l.startsWith("| `")).map(l -> l.split("\\|")[1]).toList();
        for (String command : new CommandLine(new ClipBatch()).getSubcommands().keySet()) {
            if (!command.equals("help")) {
                assertTrue(firstCells.stream().anyMatch(c -> c.contains("`" + command + "`")
                        || c.contains("`" + command + " ")), "README's command table has no row for " + command);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"score", "embed-text", "tokenize", "show", "inspect-model", "eval", "tables", "demo",
        "demo-data", "bench", "search", "dedup"})
    void everyCommandHasHelp(String command) {
        Run run = run("", command, "--help");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("Usage: clip-batch " + command), run.out());
    }

    @Test
    void tokenizeGivesOneLinePerInputLineEmptyOnesIncluded() {
        Run run = run("a photo of a cat\n\nred square\n", "tokenize", "--model", MODEL);
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size());
        for (String line : lines) {
            assertEquals(77, line.substring(1, line.length() - 1).split(",").length);
        }
        int sot = Integer.parseInt(lines.get(1).substring(1).split(",")[0]);
        int eot = Integer.parseInt(lines.get(1).split(",")[1]);
        assertTrue(sot > 0 && eot == sot + 1, "empty line is [SOT, EOT, 0...]: " + lines.get(1));
    }

    @Test
    void inspectModelNamesTheTensors() {
        Run run = run("", "inspect-model", "--model", SparkTestSession.TINY_HF.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("hf_optimum"));
        assertTrue(run.out().contains("pixel_values float32[N,3,224,224]"), run.out());
        assertTrue(run.out().contains("input_ids int64[N,77]"), run.out());
        assertTrue(run.out().contains("image_embeds float32[N,32]  <- embedding"), run.out());
    }

    @Test
    void embedTextThenShow() throws Exception {
        Path texts = Files.writeString(work.resolve("texts.txt"), "a red square\n\na blue circle\n");
        Path out = work.resolve("texts-out");
        Run embed = run("", "embed-text", "--model", MODEL, "--input", texts.toString(), "--output", out.toString());
        assertEquals(0, embed.code(), embed.err());
        Run shown = run("", "show", out.toString(), "--limit", "5");
        assertEquals(0, shown.code(), shown.err());
        List<String> lines = shown.out().lines().toList();
        assertEquals(3, lines.size(), "line i is row i, the empty one included");
        assertTrue(lines.get(0).startsWith("{\"text\":\"a red square\",\"embedding\":["), lines.get(0));
        assertTrue(lines.get(0).contains("... (32 floats)"), lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"text\":\"\",\"embedding\":["), lines.get(1));
        Run full = run("", "show", out.toString(), "--full");
        String first = full.out().lines().findFirst().orElseThrow();
        assertEquals(32, first.substring(first.indexOf('[') + 1, first.indexOf(']')).split(",").length, first);
    }

    /** 80 words: more than 77 tokens with start and end. */
    static final String LONG_TEXT = "word ".repeat(80).strip();

    @Test
    void embedTextReportsTruncatedTexts() throws Exception {
        Path texts = Files.writeString(work.resolve("long.txt"), "short\n" + LONG_TEXT + "\n\n" + LONG_TEXT + " again\n");
        Path out = work.resolve("long-out");
        Run embed = run("", "embed-text", "--model", MODEL, "--input", texts.toString(), "--output", out.toString());
        assertEquals(0, embed.code(), embed.err());
        assertTrue(embed.err().contains("clip-batch: 4 texts embedded into " + out + ", 2 texts truncated to 77 tokens"),
                embed.err());
        assertEquals(4, SparkTestSession.get().read().parquet(out.toString()).count());
    }

    @Test
    void tokenizeIgnoresAByteOrderMarkAsEmbedTextDoes() {
        Run plain = run("a photo of a cat\n", "tokenize", "--model", MODEL);
        Run marked = run("\uFEFFa photo of a cat\n", "tokenize", "--model", MODEL);
        assertEquals(0, marked.code(), marked.err());
        assertEquals(plain.out(), marked.out());
    }

    @Test
    void tokenizeReportsTruncatedTextsOnStderr() {
        Run run = run("short\n" + LONG_TEXT + "\n\n", "tokenize", "--model", MODEL);
        assertEquals(0, run.code(), run.err());
        assertEquals(3, run.out().lines().count());
        assertTrue(run.err().contains("clip-batch: 3 texts tokenized, 1 text truncated to 77 tokens"), run.err());
        Run fits = run("short\n", "tokenize", "--model", MODEL);
        assertTrue(fits.err().contains("clip-batch: 1 text tokenized\n"), fits.err());
    }

    @Test
    void showRefusesWhatIsNotParquetInOneLine() throws Exception {
        assertOneLineUsageError(run("", "show", SparkTestSession.GOLDEN_IMAGES.toString()),
                "holds no *.parquet files");
        Path fake = Files.writeString(work.resolve("fake.parquet"), "not Parquet at all");
        assertOneLineUsageError(run("", "show", fake.toString()), "fake.parquet is not a Parquet file");
        assertOneLineUsageError(run("", "show", work.resolve("nowhere").toString()), "does not exist");
    }

    @Test
    void showRefusesANegativeLimit() throws Exception {
        assertOneLineUsageError(run("", "show", work.toString(), "--limit", "-1"), "--limit must be 0 or more");
    }

    @Test
    void showReadsPartitionedOutputsWithTheirPartitionColumns() throws Exception {
        Path out = work.resolve("partitioned-out");
        StructType schema = new StructType().add("path", DataTypes.StringType).add("dataset", DataTypes.StringType);
        SparkTestSession.get().createDataFrame(List.of(RowFactory.create("a.jpg", "cars")), schema)
                .write().partitionBy("dataset").parquet(out.toString());

        Run shown = run("", "show", out.toString());
        assertEquals(0, shown.code(), shown.err());
        assertEquals(List.of("{\"path\":\"a.jpg\",\"dataset\":\"cars\"}"), shown.out().lines().toList());
    }

    @Test
    void showShortensFloat16EmbeddingsUnlessFull() throws Exception {
        byte[] half = Vectors.toFloat16Bytes(new float[] {0.5f, -0.25f, 1f, 2f, 0.125f, -1f});
        Path out = work.resolve("float16-out");
        StructType schema = new StructType().add("path", DataTypes.StringType)
                .add("embedding", DataTypes.BinaryType).add("error", DataTypes.StringType);
        SparkTestSession.get().createDataFrame(List.of(RowFactory.create("a.jpg", half, null),
                RowFactory.create("b.jpg", null, "read: no such file")), schema).coalesce(1).write().parquet(out.toString());

        Run shown = run("", "show", out.toString());
        assertEquals(0, shown.code(), shown.err());
        assertEquals(List.of("{\"path\":\"a.jpg\",\"embedding\":[\"0.5\",\"-0.25\",\"1.0\",\"2.0\",\"... (6 floats)\"]}",
                "{\"path\":\"b.jpg\",\"error\":\"read: no such file\"}"), shown.out().lines().toList());
        Run full = run("", "show", out.toString(), "--full");
        String base64 = java.util.Base64.getEncoder().encodeToString(half);
        assertEquals("{\"path\":\"a.jpg\",\"embedding\":\"" + base64 + "\"}", full.out().lines().findFirst().orElseThrow());
    }
}
