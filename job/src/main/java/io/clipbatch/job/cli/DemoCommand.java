package io.clipbatch.job.cli;

import io.clipbatch.job.demo.DemoData;
import io.clipbatch.udfs.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The embedded default, end to end with nothing to download: draw held-out images of the shapes
 * world, then score and evaluate them with the model the project trained on that world.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the embedded default end to end on local[*]: draws labelled demo images, scores them"
            + " with models/clip-tiny-shapes (embeddings, zero-shot labels) and evaluates them (accuracy report).")
public final class DemoCommand implements Callable<Integer> {
    static final String MODEL = "models/clip-tiny-shapes";

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Option(names = "--output", paramLabel = "DIR", description = "Where the demo writes (default: target/demo in the project).")
    Path output;

    @Option(names = "--n", defaultValue = "2000", paramLabel = "N", description = "Images to draw (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the scenes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("clipbatch.home", ".")).toAbsolutePath().normalize();
        Path model = home.resolve(MODEL);
        if (!Files.isDirectory(model)) {
            throw new UserError("the demo needs the project checkout (" + MODEL + "); run it through submit/clip-batch");
        }
        Path out = (output != null ? output : home.resolve("target/demo")).toAbsolutePath().normalize();
        DemoData.Summary data = DemoData.write(out.resolve("data"), n, seed);
        System.out.println("demo data: " + data);
        // The session eval runs in: local[*], named after the demo.
        spark.session("clip-batch demo");
        Path eval = out.resolve("eval");
        Path manifest = data.dir().resolve("manifest.parquet");
        int code = ClipBatch.execute("eval", "--model", model.toString(),
                "--dataset", "shapes=" + manifest, "--format", "manifest",
                "--classes", data.dir().resolve("classes.txt").toString(),
                "--templates", data.dir().resolve("templates.txt").toString(),
                "--class-groups", data.dir().resolve(DemoData.CLASS_GROUPS).toString(),
                "--output", eval.toString(), "--mode", "overwrite");
        if (code != 0) {
            return code;
        }
        System.out.println("look at rows with: submit/clip-batch show " + eval.resolve("predictions") + " --limit 5");
        return 0;
    }
}
