package io.clipbatch.job.cli;

import static io.clipbatch.job.cli.CliTest.assertOneLineUsageError;
import static io.clipbatch.job.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.eval.EvalFixtures;
import io.clipbatch.job.eval.EvalJob;
import io.clipbatch.job.output.OutputTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No command deletes or writes into what it reads, and an overwrite deletes only what the command
 * wrote: the output is checked against the input, bundle and datasets before anything is touched.
 */
class OutputSafetyTest {
    static final String MODEL = SparkTestSession.TINY_IMMICH.toString();
    static final Path IMAGE = SparkTestSession.GOLDEN_IMAGES.resolve("gradient.png");

    @TempDir
    Path t;

    @BeforeAll
    static void spark() {
        SparkTestSession.get();
    }

    /** The repro: input t/copy2/imgs, output t/copy2, --mode overwrite. */
    @Test
    void anOutputAboveTheInputIsRefusedAndTheImagesStay() throws IOException {
        Path copy2 = t.resolve("copy2");
        Path images = imagesIn(copy2.resolve("imgs"), 1);
        assertOneLineUsageError(score("--input", images.toString(), "--output", copy2.toString(), "--mode", "overwrite"),
                "--output " + copy2 + " contains --input " + images);
        assertOneLineUsageError(score("--input", images.toString(), "--output", copy2.toString(), "--mode",
                "overwrite-all"), "contains --input");
        assertTrue(Files.exists(images.resolve("img-0.png")), "the image is still there");
        assertEquals(List.of("imgs"), names(copy2), "nothing written beside it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{imgs}", "{imgs}/", "file:{imgs}", "file://{copy2}/", "{imgs}/sub/..", "{imgs}/out",
            "{link}", "file:{link}/imgs/out", "{imgs}/../../copy2"})
    void everySpellingOfAnOverlappingOutputIsRefused(String spelled) throws IOException {
        Path copy2 = t.resolve("copy2");
        Path images = imagesIn(copy2.resolve("imgs"), 1);
        Path link = Files.createSymbolicLink(t.resolve("link"), copy2);
        String output = spelled.replace("{imgs}", images.toString()).replace("{copy2}", copy2.toString())
                .replace("{link}", link.toString());
        assertOneLineUsageError(score("--input", images.toString(), "--output", output, "--mode", "overwrite-all"),
                "--output " + output + " ");
        assertEquals(List.of("img-0.png"), names(images), "nothing deleted, nothing written");
    }

    @Test
    void anOutputHoldingTheModelBundleIsRefused() throws IOException {
        Path bundle = copyTree(SparkTestSession.TINY_IMMICH, t.resolve("models/tiny"));
        Path images = imagesIn(t.resolve("imgs"), 1);
        assertOneLineUsageError(run("", "score", "--model", bundle.toString(), "--input", images.toString(),
                "--output", t.resolve("models").toString(), "--mode", "overwrite-all"), "contains --model");
        assertTrue(Files.exists(bundle.resolve("config.json")));
    }

    @Test
    void overwriteReplacesOnlyWhatScoreWroteAndRefusesAnythingElse() throws IOException {
        Path images = imagesIn(t.resolve("imgs"), 2);
        Path out = Files.createDirectories(t.resolve("out"));
        for (String ours : List.of("_clipbatch_plan.json", "._clipbatch_plan.json.crc", "part-00000-old.snappy.parquet",
                ".part-00000-old.snappy.parquet.crc", "_SUCCESS")) {
            Files.writeString(out.resolve(ours), "from an earlier run");
        }
        Files.createDirectories(out.resolve("_temporary/0"));
        assertEquals(0, score("--input", images.toString(), "--output", out.toString(), "--mode", "overwrite").code());
        assertFalse(Files.exists(out.resolve("part-00000-old.snappy.parquet")));
        assertEquals(2, rows(out));

        Files.writeString(out.resolve("notes.txt"), "mine");
        assertOneLineUsageError(score("--input", images.toString(), "--output", out.toString(), "--mode", "overwrite"),
                "output " + out + " holds notes.txt, which this command did not write; move it away, choose another "
                        + "--output, or pass --mode overwrite-all");
        assertTrue(Files.exists(out.resolve("notes.txt")));
        assertTrue(Files.exists(out.resolve("_clipbatch_plan.json")), "a refused overwrite deletes nothing");
        assertEquals(2, rows(out));

        assertEquals(0, score("--input", images.toString(), "--output", out.toString(), "--mode", "overwrite-all")
                .code());
        assertFalse(Files.exists(out.resolve("notes.txt")), "overwrite-all deletes everything there");
        assertEquals(2, rows(out));
    }

    @Test
    void evalOverwriteRefusesAnythingElseAndOverwriteAllReplacesIt() throws IOException {
        Path out = Files.createDirectories(t.resolve("eval"));
        Files.createDirectories(out.resolve("predictions/model=gone/dataset=gone"));
        Files.writeString(out.resolve("report.md"), "from an earlier run");
        Files.createDirectories(out.resolve("mine"));
        Path dataset = oneImagePerClass(t.resolve("fruit"));
        assertOneLineUsageError(eval(dataset, out, "overwrite"), "holds mine/, which this command did not write");
        assertEquals(List.of("mine", "predictions", "report.md"), names(out), "a refused overwrite deletes nothing");

        assertEquals(0, eval(dataset, out, "overwrite-all").code());
        assertFalse(Files.exists(out.resolve("mine")), "overwrite-all deletes everything there");
        assertFalse(Files.exists(out.resolve("predictions/model=gone")));
        assertTrue(Files.exists(out.resolve("report.html")));
        // So that --mode overwrite replaces this output: eval and tables own every entry they write.
        OutputTarget again = new OutputTarget(out.toString(), OutputTarget.Mode.OVERWRITE);
        assertDoesNotThrow(() -> again.checkWritable(SparkTestSession.get(), EvalJob.FILES), names(out).toString());
        for (String tables : List.of("tables.md", "tables.txt", "tables.json", ".tables.md.crc")) {
            assertTrue(EvalJob.FILES.owns(tables), tables);
        }
        assertFalse(EvalJob.FILES.owns("predictions.csv"));
    }

    @Test
    void evalAndTablesRefuseAnOutputOverlappingADatasetOrABundle() throws IOException {
        Path data = imagesIn(t.resolve("data/mini/apple"), 1).getParent();
        Path bundle = copyTree(SparkTestSession.TINY_IMMICH, t.resolve("models/tiny"));
        assertOneLineUsageError(run("", "eval", "--model", MODEL, "--dataset", "mini=" + data,
                "--output", t.resolve("data").toString(), "--mode", "overwrite-all"), "contains dataset mini " + data);
        assertOneLineUsageError(run("", "tables", "--models", "tiny=" + MODEL, "--datasets", "mini=" + data,
                "--output", data.resolve("out").toString()), "lies inside dataset mini");
        assertOneLineUsageError(run("", "eval", "--model", bundle.toString(), "--dataset", "mini=" + data,
                "--output", bundle.toString(), "--mode", "overwrite"), "is the same location as model");
        assertOneLineUsageError(run("", "tables", "--ensemble", "e=" + MODEL + ":1," + bundle + ":2",
                "--datasets", "mini=" + data, "--output", t.resolve("models").toString(), "--mode", "overwrite-all"),
                "contains ensemble e member");
        assertTrue(Files.exists(data.resolve("apple/img-0.png")));
        assertTrue(Files.exists(bundle.resolve("config.json")));
        assertFalse(Files.exists(data.resolve("out")));
    }

    @Test
    void embedTextRefusesAnOutputHoldingItsInput() throws IOException {
        Path texts = Files.writeString(Files.createDirectories(t.resolve("e")).resolve("texts.txt"), "a cat\n");
        assertOneLineUsageError(run("", "embed-text", "--model", MODEL, "--input", texts.toString(),
                "--output", t.resolve("e").toString(), "--mode", "overwrite-all"), "contains --input");
        assertTrue(Files.exists(texts));
    }

    @ParameterizedTest
    @ValueSource(strings = {"score", "eval", "tables", "embed-text"})
    void helpDescribesOverwriteAll(String command) {
        String help = run("", command, "--help").out();
        assertTrue(help.contains("--mode=error|overwrite|overwrite-all"), help);
        assertTrue(help.replaceAll("\\s+", " ").contains("overwrite-all deletes everything"), help);
    }

    private static CliTest.Run score(String... args) {
        String[] all = Stream.concat(Stream.of("score", "--model", MODEL, "--device", "cpu"), Stream.of(args))
                .toArray(String[]::new);
        return run("", all);
    }

    private static CliTest.Run eval(Path dataset, Path out, String mode) {
        return run("", "eval", "--model", MODEL, "--device", "cpu", "--dataset", "fruit=" + dataset,
                "--output", out.toString(), "--mode", mode);
    }

    /** The eval fixture's class folders with one image each: small enough to evaluate in a second. */
    private static Path oneImagePerClass(Path dataset) throws IOException {
        try (Stream<Path> classes = Files.list(EvalFixtures.FOLDERS)) {
            for (Path folder : classes.sorted().toList()) {
                try (Stream<Path> images = Files.list(folder)) {
                    Path first = images.sorted().findFirst().orElseThrow();
                    Path copy = Files.createDirectories(dataset.resolve(folder.getFileName().toString()));
                    Files.copy(first, copy.resolve(first.getFileName().toString()));
                }
            }
        }
        return dataset;
    }

    private static Path imagesIn(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        for (int i = 0; i < count; i++) {
            Files.copy(IMAGE, folder.resolve("img-" + i + ".png"));
        }
        return folder;
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()));
            }
        }
        return to;
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static long rows(Path out) {
        return SparkTestSession.get().read().parquet(out + "/part-*").count();
    }
}
