package io.clipbatch.udfs;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.Device;
import io.clipbatch.core.session.SessionCache;
import io.clipbatch.core.session.SessionSettings;
import io.clipbatch.core.tokenizer.ClipTokenizer;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import io.clipbatch.udfs.partition.PartitionScorer;
import io.clipbatch.udfs.partition.ScoreSchema;
import io.clipbatch.udfs.partition.SerializableConfiguration;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Scoring as a Dataset operation, the one that {@code score}, {@code eval}, the ML transformers and
 * {@code clip_score} all run: rows in, the same rows with an embedding or an error each (and
 * zero-shot predictions with a head) out, batched and pipelined by {@link PartitionScorer}.
 */
public final class ClipScoring {
    /** The prompt when only class names are given: CLIP's own. */
    public static final List<String> DEFAULT_TEMPLATES = List.of("a photo of a {}.");

    private ClipScoring() {}

    /**
     * Scores {@code rows} as they are partitioned (no count, no shuffle): one task a partition, one
     * session per executor JVM.
     *
     * @param head the zero-shot head (see {@link #zeroShotHead}), or null for embeddings only
     */
    public static Dataset<Row> score(Dataset<Row> rows, ScoringSpec spec, ZeroShotHead head) {
        SparkSession spark = rows.sparkSession();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> hadoopConf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        Broadcast<ZeroShotHead> broadcastHead = head == null ? null : jsc.broadcast(head);
        StructType outputSchema = ScoreSchema.output(rows.schema(), spec.pathColumn(), head != null,
                spec.float16Embeddings());
        return rows.mapPartitions(new PartitionScorer(spec, rows.schema(), hadoopConf, broadcastHead),
                Encoders.row(outputSchema));
    }

    /** Runs the text tower once, here on the driver, to turn class names and templates into a head to broadcast. */
    public static ZeroShotHead zeroShotHead(Bundle bundle, Device driverDevice, int intraOpThreads,
                                            List<String> classes, List<String> templates) {
        return zeroShotHeadFromSynonyms(bundle, driverDevice, intraOpThreads,
                classes.stream().map(List::of).toList(), templates);
    }

    /** The same, for classes with several names each (labelled by the first): see {@link ZeroShotHead#buildFromSynonyms}. */
    public static ZeroShotHead zeroShotHeadFromSynonyms(Bundle bundle, Device driverDevice, int intraOpThreads,
                                                        List<List<String>> classes, List<String> templates) {
        ClipModel model = SessionCache.get(bundle,
                new SessionSettings(driverDevice, intraOpThreads, SessionSettings.DEFAULT_MAX_BATCH));
        ClipTokenizer tokenizer = bundle.tokenizer();
        return ZeroShotHead.buildFromSynonyms(classes, templates, model,
                prompts -> tokenizer.tokenize(prompts, bundle.contextLength()));
    }

    /** The head of the spec's model, its text tower run on the {@link DriverDevice} for the spec's device. */
    public static ZeroShotHead zeroShotHead(ScoringSpec spec, List<String> classes, List<String> templates) {
        return zeroShotHead(Bundle.load(spec.modelDir()), DriverDevice.of(SparkSession.active(), spec.device()),
                spec.intraOpThreads(), classes, templates);
    }
}
