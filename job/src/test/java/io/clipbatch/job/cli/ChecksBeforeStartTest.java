package io.clipbatch.job.cli;

import static io.clipbatch.job.cli.CliTest.assertOneLineUsageError;
import static io.clipbatch.job.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.clipbatch.core.session.DeviceSupport;
import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.cli.CliTest.Run;
import io.clipbatch.job.eval.EvalFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every flag and file is checked on the driver before anything is written: one line, exit 2, no output. */
class ChecksBeforeStartTest {
    static final String MODEL = SparkTestSession.TINY_IMMICH.toString();
    private static final AtomicInteger OUTPUTS = new AtomicInteger();

    @TempDir
    static Path work;
    static Path images;

    @BeforeAll
    static void twoImages() throws IOException {
        images = Files.createDirectories(work.resolve("images"));
        for (String name : List.of("apple/img030.jpg", "grape/img015.jpg")) {
            Files.copy(EvalFixtures.FOLDERS.resolve(name), images.resolve(name.replace('/', '-')));
        }
    }

    @ParameterizedTest
    @CsvSource({"--top-k,0", "--top-k,-3", "--batch-size,0", "--reader-threads,0", "--intra-op-threads,-1",
        "--max-pixels,0", "--chunk-size,0"})
    void scoreRefusesAFlagOutOfRangeAndWritesNothing(String flag, String value) {
        Path out = freshOutput();
        assertOneLineUsageError(score(out, flag, value), flag);
        assertFalse(Files.exists(out), "nothing written to " + out);
    }

    /** The mistake used to leave a plan in the output that refused the corrected run. */
    @ParameterizedTest
    @CsvSource({"--top-k,0", "--batch-size,0"})
    void theCorrectedRerunSucceedsWithoutOverwrite(String flag, String value) {
        Path out = freshOutput();
        assertOneLineUsageError(score(out, flag, value), flag);
        Run corrected = score(out);
        assertEquals(0, corrected.code(), corrected.err());
    }

    @Test
    void scoreRefusesATemplateWithoutPlaceholderNamingTheLine() throws IOException {
        Path templates = Files.writeString(work.resolve("templates.txt"), "a photo of a {}.\n\na photo of a cat.\n");
        Path out = freshOutput();
        assertOneLineUsageError(score(out, "--classes", classes().toString(), "--templates", templates.toString()),
                "--templates " + templates + " line 3 has no {} or {c}");
        assertFalse(Files.exists(out), "nothing written to " + out);
    }

    @Test
    void evalAndTablesRefuseATemplateWithoutPlaceholderTheSameWay() throws IOException {
        Path templates = Files.writeString(work.resolve("eval-templates.txt"), "a {c}.\nno placeholder\n");
        Path out = freshOutput();
        assertOneLineUsageError(run("", "eval", "--model", MODEL, "--dataset", "folders=" + EvalFixtures.FOLDERS,
                "--templates", templates.toString(), "--output", out.toString()),
                "--templates " + templates + " line 2 has no {} or {c}");
        assertOneLineUsageError(run("", "tables", "--models", "tiny=" + MODEL, "--datasets",
                "folders=" + EvalFixtures.FOLDERS, "--templates", "folders=" + templates, "--output", out.toString()),
                "line 2 has no {} or {c}");
        assertFalse(Files.exists(out), "nothing written to " + out);
    }

    @ParameterizedTest
    @CsvSource({"eval,--top-k,4", "tables,--top-k,0", "eval,--images-per-task,0", "tables,--batch-size,0"})
    void evalAndTablesRefuseAFlagOutOfRange(String command, String flag, String value) {
        Path out = freshOutput();
        List<String> args = new ArrayList<>(command.equals("eval")
                ? List.of("eval", "--model", MODEL, "--dataset", "folders=" + EvalFixtures.FOLDERS)
                : List.of("tables", "--models", "tiny=" + MODEL, "--datasets", "folders=" + EvalFixtures.FOLDERS));
        args.addAll(List.of("--output", out.toString(), flag, value));
        Run run = run("", args.toArray(String[]::new));
        assertOneLineUsageError(run, flag + " must be at least");
        assertFalse(Files.exists(out), "nothing written to " + out);
    }

    @Test
    void cudaWithoutAProviderInLocalModeIsOneLineAndNoOutput() {
        assumeFalse(DeviceSupport.cudaInThisBuild(), "this ONNX Runtime build has CUDA");
        Path out = freshOutput();
        Run run = score(out, "--device", "cuda");
        assertOneLineUsageError(run, "--device cuda:0: this ONNX Runtime build has no CUDA provider");
        assertEquals(1, run.err().lines().count(), run.err());
        assertFalse(Files.exists(out), "nothing written to " + out);
    }

    private static Run score(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("score", "--model", MODEL,
                "--input", images.toString(), "--output", out.toString()));
        args.addAll(List.of(extra));
        return run("", args.toArray(String[]::new));
    }

    private static Path classes() throws IOException {
        return Files.writeString(work.resolve("classes.txt"), "apple\ngrape\n");
    }

    private static Path freshOutput() {
        return work.resolve("out-" + OUTPUTS.incrementAndGet());
    }
}
