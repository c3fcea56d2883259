package io.clipbatch.job.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.clipbatch.job.UserError;
import io.clipbatch.job.datasets.LabelledImages;
import io.clipbatch.job.demo.DemoData;
import io.clipbatch.udfs.partition.ScoreSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
        SparkSession session = spark.session("clip-batch demo");
        Path eval = out.resolve("eval");
        Path manifest = data.dir().resolve("manifest.parquet");
        int code = ClipBatch.execute("eval", "--model", model.toString(),
                "--dataset", "shapes=" + manifest, "--format", "manifest",
                "--classes", data.dir().resolve("classes.txt").toString(),
                "--templates", data.dir().resolve("templates.txt").toString(),
                "--output", eval.toString(), "--mode", "overwrite");
        if (code != 0) {
            return code;
        }
        printSeenAndHeldOut(session, eval.resolve("predictions"), manifest);
        System.out.println("predictions (embeddings, zero-shot labels): " + eval.resolve("predictions"));
        System.out.println("report: " + eval.resolve("report.html") + " and " + eval.resolve("report.md"));
        System.out.println("look at rows with: submit/clip-batch show " + eval.resolve("predictions") + " --limit 5");
        return 0;
    }

    /** Top-1 apart for the colour/shape pairs never seen in training: zero-shot's real test. */
    private static void printSeenAndHeldOut(SparkSession session, Path predictions, Path manifest) {
        Row[] groups = (Row[]) session.read().parquet(predictions.toString())
                .where(col(ScoreSchema.ERROR).isNull())
                .join(session.read().parquet(manifest.toString()).select(ScoreSchema.PATH, "held_out"), ScoreSchema.PATH)
                .groupBy("held_out")
                .agg(count(lit(1)).as("n"), sum(when(col(ScoreSchema.PRED_INDEX)
                        .equalTo(col(LabelledImages.LABEL_INDEX)), 1).otherwise(0)).as("correct"))
                .orderBy("held_out")
                .collect();
        for (Row group : groups) {
            long total = group.getLong(1);
            long correct = group.getLong(2);
            System.out.printf("acc1 on %s: %.2f%% (%d/%d)%n",
                    group.getBoolean(0) ? "classes held out of training" : "classes seen in training",
                    100.0 * correct / total, correct, total);
        }
    }
}
