package io.clipbatch.job.cli;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.SessionCache;
import io.clipbatch.core.session.SessionSettings;
import io.clipbatch.job.Plural;
import io.clipbatch.job.output.OutputFiles;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.job.output.PathOverlap;
import io.clipbatch.job.output.Provenance;
import io.clipbatch.udfs.input.TextFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "embed-text", mixinStandardHelpOptions = true,
        description = "Embeds lines of text with the text tower, for searching images by text.")
public final class EmbedTextCommand implements Callable<Integer> {
    static final StructType SCHEMA = new StructType()
            .add("text", DataTypes.StringType, false)
            .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false);

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Texts, one per line: row i is line i, an empty line included.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "URI", description = "Parquet of (text, embedding).")
    String output;

    @Option(names = "--mode", defaultValue = "error", paramLabel = "error|overwrite|overwrite-all",
            description = "When the output exists: error refuses it; overwrite deletes what this command"
                    + " writes (Parquet part files) and refuses a location holding anything else;"
                    + " overwrite-all deletes everything there (default: ${DEFAULT-VALUE}).")
    String mode;

    @Override
    public Integer call() {
        OutputTarget target = new OutputTarget(output, OutputTarget.parseMode(mode));
        SparkSession session = spark.session("clip-batch embed-text");
        PathOverlap.refuse(session.sparkContext().hadoopConfiguration(), output,
                List.of(new PathOverlap.Read("--input", input), PathOverlap.Read.local("--model", model.model)));
        target.checkWritable(session, OutputFiles.SPARK_PARQUET);
        Bundle bundle = model.load();
        List<String> texts = TextFiles.lines(session, input, "--input");
        TextTokens tokens = new TextTokens(bundle);
        int[][] ids = texts.stream().map(tokens::tokenize).toArray(int[][]::new);
        ClipModel clip = SessionCache.get(bundle,
                new SessionSettings(model.runtime().device(), model.runtime().intraOpThreads(), SessionSettings.DEFAULT_MAX_BATCH));
        float[][] embeddings = clip.encodeTexts(ids);
        List<Row> rows = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(texts.get(i), embeddings[i]));
        }
        target.write(session.createDataFrame(rows, SCHEMA).coalesce(1), Provenance.of(bundle));
        System.err.println("clip-batch: " + Plural.of(texts.size(), "text") + " embedded into " + output
                + tokens.truncationNote());
        return 0;
    }
}
