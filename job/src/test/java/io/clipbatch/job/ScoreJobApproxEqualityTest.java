package io.clipbatch.job;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.job.cli.ClipBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The job's embeddings equal the core's, compared with spark-testing-base's approximate frame
 * equality. spark-testing-base has no Spark 4 build, so -Pspark-4 leaves this class out.
 */
class ScoreJobApproxEqualityTest {
    static final StructType PATH_EMBEDDING = new StructType()
            .add("path", DataTypes.StringType)
            .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, true));

    @Test
    void embeddingsEqualTheCoreRunDirectly(@TempDir Path work) throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path images = Files.createDirectories(work.resolve("images"));
        List<Path> goodImages = new ArrayList<>();
        try (Stream<Path> golden = Files.list(SparkTestSession.GOLDEN_IMAGES)) {
            for (Path source : golden.filter(p -> p.toString().matches(".*\\.(png|jpg)$")).sorted().toList()) {
                goodImages.add(Files.copy(source, images.resolve(source.getFileName())));
            }
        }
        Path out = work.resolve("equal-out");
        assertEquals(0, ClipBatch.execute("score", "--model", SparkTestSession.TINY_HF.toString(),
                "--input", images.toString(), "--output", out.toString(), "--batch-size", "4", "--device", "cpu"));
        Dataset<Row> actual = spark.read().parquet(out.toString())
                .filter("error is null").select("path", "embedding").orderBy("path");
        Bundle bundle = Bundle.load(SparkTestSession.TINY_HF);
        List<Row> rows = new ArrayList<>();
        for (Path image : goodImages) {
            rows.add(RowFactory.create("file:" + image, ScoreJobTest.embed(bundle, image)));
        }
        Dataset<Row> expected = spark.createDataFrame(rows, PATH_EMBEDDING).orderBy("path");
        new JavaDataFrameSuiteBase().assertDataFrameApproximateEquals(expected, actual, 1e-6);
    }
}
