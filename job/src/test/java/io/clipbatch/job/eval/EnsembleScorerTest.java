package io.clipbatch.job.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.session.Device;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import io.clipbatch.job.Partitions;
import io.clipbatch.job.SparkTestSession;
import io.clipbatch.udfs.ClipScoring;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.partition.EnsembleMember;
import io.clipbatch.udfs.partition.EnsembleScorer;
import io.clipbatch.udfs.partition.SerializableConfiguration;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ensemble scores with the spec's settings, as a single model does: bundle, preprocessing mode, decoder threads. */
class EnsembleScorerTest {
    /** A thread count no other test and no default pool on this machine uses, to find its threads by name. */
    private static final int DECODER_THREADS = 9;
    static SparkSession spark;
    static Bundle tiny;
    @TempDir
    static Path work;
    static Dataset<Row> photos;

    /** Ten large baseline JPEGs: fast mode decodes them at 1/8 scale, libjpeg-turbo installed or not. */
    @BeforeAll
    static void writePhotos() throws IOException {
        spark = SparkTestSession.get();
        tiny = Bundle.load(SparkTestSession.TINY_IMMICH);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Path file = work.resolve("photo-" + i + ".jpg");
            ImageIO.write(photo(new Random(i)), "jpeg", file.toFile());
            paths.add(file.toString());
        }
        photos = spark.createDataset(paths, Encoders.STRING()).toDF("path");
    }

    @Test
    void membersScoreWithFastPreprocessingLikeTheModelAlone() {
        ScoringSpec fast = spec(tiny, "fast");
        Map<String, List<Float>> alone = embeddings(ClipScoring.score(spread(), fast, null), "embedding");
        Map<String, List<Float>> exact = embeddings(ClipScoring.score(spread(), spec(tiny, "exact"), null),
                "embedding");
        ScoringSpec spec = fast.toBuilder().decoderThreads(DECODER_THREADS).build();
        Map<String, List<Float>> members = embeddings(ensemble(spec), "member_embeddings[0].embedding");

        assertEquals(alone.keySet(), members.keySet());
        for (String path : alone.keySet()) {
            assertTrue(distance(alone.get(path), exact.get(path)) > 1e-3,
                    path + ": fast and exact preprocessing must differ on this photo for the test to mean anything");
            assertTrue(distance(alone.get(path), members.get(path)) < 1e-5,
                    path + ": the ensemble member is " + distance(alone.get(path), members.get(path))
                            + " from the model scored alone with fast preprocessing");
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().equals("clip-batch-decoder-" + DECODER_THREADS)),
                "the ensemble decodes on the executor's " + DECODER_THREADS + " shared decoder threads");
    }

    @Test
    void refusesASpecNamingAnotherBundleThanTheFirstMember() {
        ScoringSpec spec = spec(Bundle.load(SparkTestSession.TINY_HF), "exact");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EnsembleScorer(spec, List.of(member()), photos.schema(), null, null));
        assertTrue(e.getMessage().contains("is not the ensemble's first member"), e.getMessage());
    }

    private static ScoringSpec spec(Bundle bundle, String preprocess) {
        return ScoringSpec.builder(bundle.root().toString()).device(Device.CPU).intraOpThreads(1).batchSize(4)
                .readerThreads(2).preprocess(preprocess).build();
    }

    private static Dataset<Row> spread() {
        return Partitions.spread(photos, 5);
    }

    private static EnsembleMember member() {
        return new EnsembleMember("tiny", tiny.root().toString(), 1);
    }

    /** Built as EvalJob builds it: one spec for all members, a head per member. */
    private static Dataset<Row> ensemble(ScoringSpec spec) {
        ZeroShotHead head = ClipScoring.zeroShotHead(tiny, Device.CPU, 1, List.of("apple", "lemon"), List.of("a {}."));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        Dataset<Row> rows = spread();
        EnsembleScorer scorer = new EnsembleScorer(spec, List.of(member(), member()), rows.schema(), conf,
                jsc.broadcast(new ZeroShotHead[] {head, head}));
        return rows.mapPartitions(scorer, Encoders.row(EnsembleScorer.outputSchema(rows.schema())));
    }

    private static Map<String, List<Float>> embeddings(Dataset<Row> scored, String column) {
        Map<String, List<Float>> byPath = new HashMap<>();
        for (Row row : scored.selectExpr("path", "error", column).collectAsList()) {
            assertTrue(row.isNullAt(1), row.getString(0) + ": " + row.getString(1));
            byPath.put(row.getString(0), row.getList(2));
        }
        return byPath;
    }

    private static double distance(List<Float> a, List<Float> b) {
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = a.get(i) - b.get(i);
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** 2048x1792 of smooth colour with fine noise: 1/8 scale is 256x224, just enough for a 224 model. */
    private static BufferedImage photo(Random random) {
        BufferedImage image = new BufferedImage(2048, 1792, BufferedImage.TYPE_INT_RGB);
        int phase = random.nextInt(256);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int r = (x / 8 + phase) & 0xFF;
                int g = (y / 7) & 0xFF;
                int b = ((x ^ y) + random.nextInt(64)) & 0xFF;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }
}
