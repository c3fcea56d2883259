package io.clipbatch.job.cli;

import io.clipbatch.job.ScoreJob;
import io.clipbatch.job.UserError;
import io.clipbatch.job.output.OutputTarget;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Embeds every image of the input and, with --classes, labels it zero-shot.")
public final class ScoreCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Option(names = "--input", paramLabel = "URI",
            description = "A Parquet manifest (file or folder) with a path column, or a folder/prefix of images.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "URI", description = "Where the Parquet output goes.")
    String output;

    @Option(names = "--mode", defaultValue = "error", paramLabel = "error|overwrite",
            description = "What to do when the output exists (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--path-column", defaultValue = "path", paramLabel = "NAME",
            description = "The manifest column holding image locations (default: ${DEFAULT-VALUE}).")
    String pathColumn;

    @Option(names = "--classes", paramLabel = "FILE", description = "Class names, one per line: enables zero-shot.")
    String classes;

    @Option(names = "--templates", paramLabel = "FILE",
            description = "Prompt templates with {} for the class name, one per line (default: 'a photo of a {}.').")
    String templates;

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K",
            description = "Predictions kept per image (default: ${DEFAULT-VALUE}).")
    int topK;

    @Mixin
    BatchOptions batch = new BatchOptions();

    @Option(names = {"--chunk-size", "--images-per-partition"}, defaultValue = "10000", paramLabel = "N",
            description = "Images per chunk: one Spark task and one output file, committed on its own "
                    + "(default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--resume",
            description = "Continue an output that an earlier run started: only chunks not yet committed run.")
    boolean resume;

    @Option(names = "--retry-errors", paramLabel = "PREVIOUS_OUTPUT",
            description = "Score again only the rows of PREVIOUS_OUTPUT whose error is set; --output gets all rows.")
    String retryErrors;

    @Option(names = "--exif-transpose", description = "Apply EXIF orientation (the CLIP reference ignores it).")
    boolean exifTranspose;

    @Option(names = "--max-pixels", defaultValue = "178956970", paramLabel = "N",
            description = "Refuse images with more pixels than this, before decoding (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    @Option(names = "--preprocess", defaultValue = "exact", paramLabel = "exact|fast",
            description = "exact: Pillow's pixels; fast: JPEGs decoded shrunk in the DCT domain, several times faster"
                    + " on large photos, not bit-exact (default: ${DEFAULT-VALUE}).")
    String preprocess;

    @Option(names = "--embedding-dtype", defaultValue = "float32", paramLabel = "float32|float16",
            description = "float16 writes each embedding as binary little-endian half floats: half the bytes"
                    + " (default: ${DEFAULT-VALUE}).")
    String embeddingDtype;

    @Option(names = "--decoder-threads", defaultValue = "0", paramLabel = "N",
            description = "Decoding threads per executor, shared by its tasks; 0: one per core (default: ${DEFAULT-VALUE}).")
    int decoderThreads;

    @Override
    public Integer call() {
        if ((input == null) == (retryErrors == null)) {
            throw new UserError(input == null ? "score needs --input (or --retry-errors PREVIOUS_OUTPUT)"
                    : "--retry-errors reads its rows from PREVIOUS_OUTPUT; drop --input");
        }
        ScoreJob.Settings settings = new ScoreJob.Settings(model.model, model.runtime().device(), model.runtime().intraOpThreads(),
                input, new OutputTarget(output, OutputTarget.parseMode(mode)), pathColumn, classes, templates,
                topK, batch.batchSize(), batch.readerThreads(), chunkSize, exifTranspose, maxPixels);
        ScoreJob.Tuning tuning = new ScoreJob.Tuning(preprocess, embeddingDtype, decoderThreads);
        ScoreJob.Summary summary = new ScoreJob(spark.session("clip-batch score"), settings,
                new ScoreJob.Continuation(resume, retryErrors), tuning).run();
        System.err.println(summary.chunkLine());
        System.err.println(summary.line());
        return 0;
    }
}
