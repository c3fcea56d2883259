package io.clipbatch.job.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.cli.ClipBatch;
import io.clipbatch.job.demo.DemoData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code clip-batch dedup} on real images: demo scenes scored by the shipped model, with near-copies of a few
 * of them injected (JPEG quality 75 where the demo writes 95, resized, lightly cropped, copied byte for byte). Every copy must join
 * its source's group, in float32 and float16.
 */
class DedupCommandTest {
    static final String MODEL = Path.of("../models/clip-tiny-shapes").toAbsolutePath().normalize().toString();
    static final List<String> KINDS = List.of("quality75", "resized", "cropped", "copy");
    static final int SOURCES = 4;

    @TempDir
    static Path work;
    static Path images;
    /** Each injected copy's file name → its source's. */
    static final Map<String, String> sourceOf = new HashMap<>();

    @BeforeAll
    static void injectCopies() throws Exception {
        SparkTestSession.get();
        images = DemoData.write(work.resolve("demo"), 12, 14).dir().resolve("images");
        List<Path> sources;
        try (Stream<Path> files = Files.list(images)) {
            sources = files.filter(p -> p.getFileName().toString().matches("\\d{6}\\.(jpg|png)")).sorted().limit(SOURCES).toList();
        }
        for (Path source : sources) {
            BufferedImage image = ImageIO.read(source.toFile());
            String stem = source.getFileName().toString().replaceFirst("\\.\\w+$", "");
            write(jpeg(image, 0.75f), stem + "-quality75.jpg", source);
            write(png(scaled(image, 0.7)), stem + "-resized.png", source);
            int dx = image.getWidth() / 25;
            int dy = image.getHeight() / 25;
            write(png(image.getSubimage(dx, dy, image.getWidth() - 2 * dx, image.getHeight() - 2 * dy)),
                    stem + "-cropped.png", source);
            write(Files.readAllBytes(source), stem + "-copy." + source.toString().replaceFirst(".*\\.", ""), source);
        }
    }

    private static Path scored(String dtype) {
        Path out = work.resolve("scored-" + dtype);
        if (!Files.exists(out)) {
            Run run = run("score", "--model", MODEL, "--input", images.toString(), "--output", out.toString(),
                    "--embedding-dtype", dtype);
            assertEquals(0, run.code(), run.err());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float16"})
    void everyInjectedCopyJoinsItsSourcesGroup(String dtype) {
        Path groups = work.resolve("groups-" + dtype);
        Path page = work.resolve("groups-" + dtype + ".html");
        Run run = run("dedup", "--embeddings", scored(dtype).toString(), "--threshold", "0.95",
                "--output", groups.toString(), "--html", page.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(pageImages(page) >= SOURCES * (KINDS.size() + 1), "the page shows every injected group");
        assertTrue(run.err().contains("groups") || run.err().contains("group"), run.err());
        Map<String, Row> byName = new HashMap<>();
        List<Row> rows = SparkTestSession.get().read().parquet(groups.toString()).collectAsList();
        for (Row row : rows) {
            byName.put(Path.of(row.getString(0)).getFileName().toString(), row);
        }
        assertEquals(SOURCES * KINDS.size(), sourceOf.size());
        Map<String, float[]> embeddings = embeddingsByName(scored("float32"));
        sourceOf.forEach((copy, source) -> {
            Row copyRow = byName.get(copy);
            Row sourceRow = byName.get(source);
            assertNotNull(copyRow, copy + " is in a group (cosine with " + source + ": "
                    + dot(embeddings.get(copy), embeddings.get(source)) + ")");
            assertNotNull(sourceRow, source + " is in a group");
            assertEquals(sourceRow.getLong(1), copyRow.getLong(1), copy + " joins " + source + "'s group");
            assertTrue(copyRow.getFloat(3) >= 0.95f, copy + " has a partner at or above the threshold");
        });
        for (Row row : rows) {
            boolean representative = row.isNullAt(4);
            assertEquals(representative, row.getString(0).equals(row.getString(2)), "duplicate_of is null just for the representative");
        }
        assertTrue(rows.stream().noneMatch(r -> Path.of(r.getString(0)).getFileName().toString().startsWith("broken")),
                "error rows are skipped");
    }

    @Test
    void theLargestBecomesTheRepresentativeWithKeepLargest() {
        Path withSize = work.resolve("with-size");
        SparkTestSession.get().read().parquet(scored("float32").toString())
                .withColumn("bytes", org.apache.spark.sql.functions.expr("CASE WHEN path LIKE '%-copy.%' THEN 1000000 ELSE 1 END"))
                .write().parquet(withSize.toString());
        Path groups = work.resolve("groups-largest");
        Run run = run("dedup", "--embeddings", withSize.toString(), "--threshold", "0.95", "--output", groups.toString(),
                "--keep", "largest", "--size-column", "bytes");
        assertEquals(0, run.code(), run.err());
        for (Row row : SparkTestSession.get().read().parquet(groups.toString()).collectAsList()) {
            String name = Path.of(row.getString(0)).getFileName().toString();
            if (name.contains("-copy.") && row.isNullAt(4)) {
                return;   // some copy represents its group
            }
        }
        throw new AssertionError("no exact copy (the largest by bytes) became a representative");
    }

    @Test
    void badInputIsOneSentence() {
        String scored = scored("float32").toString();
        assertUsage(run("dedup", "--embeddings", scored, "--threshold", "0", "--output", work.resolve("t0").toString()),
                "--threshold must be above 0 and at most 1");
        assertUsage(run("dedup", "--embeddings", scored, "--threshold", "1.5", "--output", work.resolve("t15").toString()),
                "--threshold must be above 0 and at most 1");
        Path noEmbedding = work.resolve("no-embedding");
        SparkTestSession.get().read().parquet(scored).drop("embedding").write().parquet(noEmbedding.toString());
        assertUsage(run("dedup", "--embeddings", noEmbedding.toString(), "--threshold", "0.9", "--output",
                work.resolve("x1").toString()), "has no 'embedding' column");
        Path mixed = work.resolve("mixed");
        StructType schema = new StructType().add("path", DataTypes.StringType)
                .add("embedding", DataTypes.createArrayType(DataTypes.FloatType));
        SparkTestSession.get().createDataFrame(List.of(RowFactory.create("a", new float[] {1, 0}),
                RowFactory.create("b", new float[] {1, 0, 0})), schema).write().parquet(mixed.toString());
        assertUsage(run("dedup", "--embeddings", mixed.toString(), "--threshold", "0.9", "--output",
                work.resolve("x2").toString()), "mixes embedding widths (2 and 3)");
        assertUsage(run("dedup", "--embeddings", scored, "--threshold", "0.9", "--output", scored + "/groups"),
                "lies inside --embeddings");
        assertUsage(run("dedup", "--embeddings", scored, "--threshold", "0.9", "--output", work.resolve("x3").toString(),
                "--keep", "largest"), "--keep largest needs --size-column");
        assertTrue(Files.notExists(work.resolve("x1")) && Files.notExists(work.resolve("x2")), "nothing written");
    }

    /** The images of a page that must parse as XML. */
    private static int pageImages(Path page) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(page.toFile())
                    .getElementsByTagName("img").getLength();
        } catch (Exception e) {
            throw new AssertionError(page + " is not well-formed", e);
        }
    }

    private static Map<String, float[]> embeddingsByName(Path scored) {
        Map<String, float[]> out = new HashMap<>();
        for (Row row : SparkTestSession.get().read().parquet(scored.toString()).filter("error IS NULL")
                .select("path", "embedding").collectAsList()) {
            List<Float> values = row.getList(1);
            float[] v = new float[values.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = values.get(i);
            }
            out.put(Path.of(row.getString(0)).getFileName().toString(), v);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private static void assertUsage(Run run, String fragment) {
        assertEquals(2, run.code(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains(fragment), run.err());
    }

    record Run(int code, String err) {}

    static Run run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = ClipBatch.execute(args);
            return new Run(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    private static void write(byte[] bytes, String name, Path source) throws Exception {
        Files.write(images.resolve(name), bytes);
        sourceOf.put(name, source.getFileName().toString());
    }

    private static BufferedImage scaled(BufferedImage image, double factor) {
        int w = (int) Math.round(image.getWidth() * factor);
        int h = (int) Math.round(image.getHeight() * factor);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws Exception {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
