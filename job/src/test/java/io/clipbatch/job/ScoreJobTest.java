package io.clipbatch.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.image.Preprocessor;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.Device;
import io.clipbatch.core.session.SessionCache;
import io.clipbatch.core.session.SessionSettings;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import io.clipbatch.job.cli.ClipBatch;
import io.clipbatch.udfs.ClipScoring;
import io.clipbatch.udfs.ScoringSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The score job end to end on Spark local[2], checked against the core run directly. */
class ScoreJobTest {
    static SparkSession spark;
    @TempDir
    static Path work;
    static Path images;
    static List<Path> goodImages;

    @BeforeAll
    static void setUp() throws IOException {
        spark = SparkTestSession.get();
        images = Files.createDirectories(work.resolve("images"));
        Files.createDirectories(images.resolve("nested/deeper"));
        goodImages = new ArrayList<>();
        try (Stream<Path> golden = Files.list(SparkTestSession.GOLDEN_IMAGES)) {
            for (Path source : golden.filter(p -> p.toString().matches(".*\\.(png|jpg)$")).sorted().toList()) {
                Path target = goodImages.size() % 2 == 0 ? images.resolve(source.getFileName())
                        : images.resolve("nested/deeper").resolve(source.getFileName());
                goodImages.add(Files.copy(source, target));
            }
        }
        Files.write(images.resolve("nested/broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2});
        Files.writeString(images.resolve("notes.txt"), "not an image, not listed");
        Files.writeString(images.resolve(".hidden.png"), "hidden files are not listed");
    }

    @Test
    void scoresAFolderWithOneRowPerImageAndErrorsAsValues() {
        Path out = work.resolve("folder-out");
        assertEquals(0, ClipBatch.execute("score", "--model", SparkTestSession.TINY_IMMICH.toString(),
                "--input", images.toString(), "--output", out.toString(), "--batch-size", "3"));
        Dataset<Row> rows = spark.read().parquet(out.toString());
        assertEquals(goodImages.size() + 1, rows.count(), "rows in = rows out");
        Row broken = rows.filter("path like '%broken.jpg'").first();
        assertNull(broken.getAs("embedding"));
        assertEquals("decode: truncated JPEG", broken.getAs("error"));
        assertEquals(goodImages.size(), rows.filter("error is null and size(embedding) = 32").count());
    }

    @Test
    void manifestColumnsPassThroughAndMissingFilesAreRows() {
        Path manifest = work.resolve("manifest.parquet");
        StructType schema = new StructType()
                .add("id", DataTypes.LongType)
                .add("uri", DataTypes.StringType)
                .add("tags", DataTypes.createArrayType(DataTypes.StringType))
                .add("meta", new StructType().add("source", DataTypes.StringType).add("width", DataTypes.IntegerType));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < goodImages.size(); i++) {
            rows.add(RowFactory.create((long) i, goodImages.get(i).toString(), new String[] {"t" + i},
                    RowFactory.create("golden", 100 + i)));
        }
        rows.add(RowFactory.create(99L, work.resolve("gone.png").toString(), new String[0], null));
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(manifest.toString());

        Path out = work.resolve("manifest-out");
        assertEquals(0, ClipBatch.execute("score", "--model", SparkTestSession.TINY_IMMICH.toString(),
                "--input", manifest.toString(), "--path-column", "uri", "--output", out.toString()));
        Dataset<Row> scored = spark.read().parquet(out.toString());
        assertEquals(rows.size(), scored.count());
        assertEquals(List.of("id", "uri", "tags", "meta", "path", "embedding", "error"), List.of(scored.columns()));
        Row gone = scored.filter("id = 99").first();
        assertEquals("read: no such file", gone.getAs("error"));
        Row first = scored.filter("id = 1").first();
        assertEquals(first.<String>getAs("uri"), first.getAs("path"));
        assertEquals("t1", first.getList(first.fieldIndex("tags")).get(0));
        assertEquals(101, first.getStruct(first.fieldIndex("meta")).getInt(1));
    }

    @Test
    void zeroShotColumnsFollowTheHead() throws Exception {
        Path classes = Files.writeString(work.resolve("classes.txt"), "cat\ndog\n\nred square\nblue circle\n");
        Path templates = Files.writeString(work.resolve("templates.txt"), "a photo of a {}.\na drawing of a {}.\n");
        Path out = work.resolve("zeroshot-out");
        assertEquals(0, ClipBatch.execute("score", "--model", SparkTestSession.TINY_IMMICH.toString(),
                "--input", images.toString(), "--output", out.toString(), "--classes", classes.toString(),
                "--templates", templates.toString(), "--top-k", "3"));
        Bundle bundle = Bundle.load(SparkTestSession.TINY_IMMICH);
        ZeroShotHead head = ClipScoring.zeroShotHead(bundle, Device.CPU, 0, List.of("cat", "dog", "red square", "blue circle"),
                List.of("a photo of a {}.", "a drawing of a {}."));
        List<Row> scored = spark.read().parquet(out.toString()).filter("error is null").collectAsList();
        assertEquals(goodImages.size(), scored.size());
        for (Row row : scored) {
            float[] embedding = toFloats(row.getList(row.fieldIndex("embedding")));
            var expected = head.topK(embedding, 3);
            assertEquals(expected.get(0).label(), row.getAs("pred_label"));
            assertEquals(expected.get(0).index(), (int) row.getAs("pred_index"));
            List<Row> topk = row.getList(row.fieldIndex("topk"));
            assertEquals(3, topk.size());
            for (int k = 0; k < 3; k++) {
                assertEquals(expected.get(k).label(), topk.get(k).getString(0));
                assertEquals(expected.get(k).score(), topk.get(k).getFloat(2), 1e-6);
            }
        }
        assertTrue(spark.read().parquet(out.toString()).filter("error is not null and pred_label is null").count() == 1);
    }

    @Test
    void footerCarriesProvenance() throws Exception {
        Path out = work.resolve("provenance-out");
        Path classes = Files.writeString(work.resolve("two-classes.txt"), "cat\ndog\n");
        assertEquals(0, ClipBatch.execute("score", "--model", SparkTestSession.TINY_IMMICH.toString(),
                "--input", images.toString(), "--output", out.toString(), "--classes", classes.toString()));
        Path part;
        try (Stream<Path> files = Files.list(out)) {
            part = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Map<String, String> footer;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(part.toUri()), new Configuration()))) {
            footer = reader.getFooter().getFileMetaData().getKeyValueMetaData();
        }
        byte[] visual = Files.readAllBytes(SparkTestSession.TINY_IMMICH.resolve("visual/model.onnx"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(visual));
        assertEquals(sha, footer.get("clip_batch.onnx.visual.sha256"));
        assertNotNull(footer.get("clip_batch.onnx.textual.sha256"));
        assertEquals(SparkTestSession.TINY_IMMICH.toString(), footer.get("clip_batch.bundle"));
        assertEquals("2", footer.get("clip_batch.zeroshot.classes"));
        assertEquals("1", footer.get("clip_batch.zeroshot.templates"));
        assertTrue(footer.get("clip_batch.preprocess").contains("size=224"));
        assertNotNull(footer.get("clip_batch.version"));
    }

    @Test
    void imageBytesInTheRowAreScoredWithoutReadingThePath() throws Exception {
        Bundle bundle = Bundle.load(SparkTestSession.TINY_IMMICH);
        List<Row> rows = new ArrayList<>();
        for (Path image : goodImages) {
            rows.add(RowFactory.create("in-row://" + image.getFileName(), Files.readAllBytes(image)));
        }
        StructType schema = new StructType().add("path", DataTypes.StringType).add("image_bytes", DataTypes.BinaryType);
        ScoringSpec spec = ScoringSpec.builder(bundle.root().toString()).device(Device.CPU).batchSize(2)
                .readerThreads(2).bytesColumn("image_bytes").build();
        List<Row> scored = ClipScoring.score(spark.createDataFrame(rows, schema), spec, null).collectAsList();
        assertEquals(goodImages.size(), scored.size());
        for (Row row : scored) {
            assertNull(row.getAs("error"), () -> String.valueOf(row));
        }
        float[] direct = embed(bundle, goodImages.get(0));
        Row first = scored.stream().filter(r -> r.getString(0).endsWith(goodImages.get(0).getFileName().toString()))
                .findFirst().orElseThrow();
        assertArrayEquals(direct, toFloats(first.getList(first.fieldIndex("embedding"))), 1e-6f);
    }

    static float[] embed(Bundle bundle, Path image) throws Exception {
        ClipModel model = SessionCache.get(bundle, new SessionSettings(Device.CPU, 0, 1));
        float[] pixels = new Preprocessor(bundle.preprocess()).preprocess(Files.readAllBytes(image));
        return model.encodeImages(pixels, 1)[0];
    }

    static float[] toFloats(List<Float> values) {
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i);
        }
        return floats;
    }
}
