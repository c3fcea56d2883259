package io.clipbatch.job.cli;

import io.clipbatch.job.ScoreJob;
import io.clipbatch.job.lake.LakeJob;
import io.clipbatch.job.lake.LakeSettings;
import io.clipbatch.job.lake.SinkKind;
import io.clipbatch.job.lake.TableFormat;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.UserError;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
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

    /** Where the rows come from: exactly one of the two, which the usage line shows as required. */
    static final class Source {
        @Option(names = "--input", required = true, paramLabel = "URI",
                description = "A Parquet manifest (file or folder) with a path column, or a folder/prefix of "
                        + "images.")
        String input;

        @Option(names = "--retry-errors", required = true, paramLabel = "PREVIOUS_OUTPUT",
                description = "Score again only the rows of PREVIOUS_OUTPUT whose error is set; "
                        + "--output gets all rows.")
        String retryErrors;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--output", required = true, paramLabel = "URI", description = "Where the Parquet output goes.")
    String output;

    @Option(names = "--mode", defaultValue = "error", paramLabel = "error|overwrite|overwrite-all",
            description = "When the output exists: error refuses it; overwrite deletes what this command"
                    + " writes (the plan and chunk files) and refuses a location holding anything else;"
                    + " overwrite-all deletes everything there (default: ${DEFAULT-VALUE}).")
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

    // An initial value, not defaultValue: picocli applies a defaultValue after the alias below has set the field.
    @Option(names = "--chunk-size", paramLabel = "N",
            description = "Images per committed, resumable output chunk: one Spark task and one output file, "
                    + "committed on its own (default: ${DEFAULT-VALUE}).")
    int chunkSize = 10000;

    /** The earlier name of {@code --chunk-size}, still accepted; hidden, as eval's is another thing. */
    @Option(names = "--images-per-partition", hidden = true, paramLabel = "N")
    void imagesPerPartition(int n) {
        chunkSize = n;
    }

    @Option(names = "--resume",
            description = "Continue an output that an earlier run started: only chunks not yet committed run."
                    + " With a table --sink: --incremental.")
    boolean resume;

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

    @Option(names = "--sink", defaultValue = "parquet", paramLabel = "parquet|delta|iceberg",
            description = "parquet: the chunked Parquet folder; delta or iceberg: a lake table at --output (a path"
                    + " or a catalog table name), one row per image, see docs/lake.md (default: ${DEFAULT-VALUE}).")
    String sink;

    @Mixin
    LakeOptions lake = new LakeOptions();

    @Override
    public Integer call() {
        SinkKind sinkKind = SinkKind.parse(sink);
        if (sinkKind.isTable()) {
            return writeTable(sinkKind);
        }
        lake.refuseWithoutTable();
        String retryErrors = source.retryErrors;
        ScoreJob.Settings settings = settings();
        ScoreJob.Summary summary = new ScoreJob(spark.session("clip-batch score"), settings,
                new ScoreJob.Continuation(resume, retryErrors)).run();
        System.err.println(summary.chunkLine());
        System.err.println(summary.line());
        return 0;
    }

    /** {@code --sink delta|iceberg}: the table's flags checked here, before Spark starts and anything is written. */
    private int writeTable(SinkKind sinkKind) {
        if (source.retryErrors != null) {
            throw new UserError("--retry-errors is for --sink parquet; a table's rows with an error are scored again "
                    + "with --incremental --rescore-errors");
        }
        LakeSettings settings = lake.settings(sinkKind, resume);
        ScoreJob.Settings scoring = settings();
        if (sinkKind == SinkKind.DELTA && scoring.scoring().float16Embeddings()) {
            System.err.println("clip-batch: warning: --embedding-dtype float16 writes binary embeddings; Databricks "
                    + "Vector Search and most vector readers need array<float> (float32)");
        }
        TableFormat format = sinkKind.format();
        LakeJob.Summary summary = new LakeJob(spark.session("clip-batch score", format.sessionSettings()), scoring,
                settings).run();
        System.err.println(summary.line());
        return 0;
    }

    private ScoreJob.Settings settings() {
        String input = source.input;
        ScoringSpec spec = model.runtime().spec(model.model).pathColumn(pathColumn).topK(topK)
                .batchSize(batch.batchSize()).readerThreads(batch.readerThreads()).exifTranspose(exifTranspose)
                .maxPixels(maxPixels).preprocess(preprocess).embeddingDtype(embeddingDtype)
                .decoderThreads(decoderThreads).build();
        return new ScoreJob.Settings(spec, input, new OutputTarget(output, OutputTarget.parseMode(mode)), classes,
                templates, chunkSize);
    }
}
