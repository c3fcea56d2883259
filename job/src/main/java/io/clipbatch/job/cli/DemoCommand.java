package io.clipbatch.job.cli;

import io.clipbatch.job.ScoreJob;
import io.clipbatch.job.UserError;
import io.clipbatch.job.output.OutputTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the embedded default end to end on local[*]: no downloads, no set-up.")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    SparkOptions spark = new SparkOptions();

    @Option(names = "--output", paramLabel = "DIR", description = "Where the demo writes (default: target/demo under the project).")
    Path output;

    @Override
    public Integer call() throws IOException {
        Path home = Path.of(System.getProperty("clipbatch.home", ".")).toAbsolutePath().normalize();
        Path model = home.resolve("udfs/src/test/resources/models/tiny-clip-immich");
        Path images = home.resolve("udfs/src/test/resources/golden/embeddings");
        if (!Files.isDirectory(model) || !Files.isDirectory(images)) {
            throw new UserError("the demo needs the project checkout; run it through submit/clip-batch");
        }
        Path out = output != null ? output : home.resolve("target/demo");
        Files.createDirectories(out);
        Path classes = Files.writeString(out.resolve("classes.txt"), "cat\nastronaut\ncoffee\ngradient\nlines\n");
        ScoreJob.Settings settings = new ScoreJob.Settings(model, "auto", 0, images.toString(),
                new OutputTarget(out.resolve("scores").toString(), OutputTarget.Mode.OVERWRITE), "path",
                classes.toString(), null, 3, 32, 4, 5000, false, 178956970L);
        ScoreJob.Summary summary = new ScoreJob(spark.session("clip-batch demo"), settings).run();
        System.err.println(summary.line());
        System.out.println("scores: " + out.resolve("scores") + " (read them with: submit/clip-batch show "
                + out.resolve("scores") + ")");
        return 0;
    }
}
