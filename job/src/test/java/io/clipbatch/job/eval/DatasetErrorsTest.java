package io.clipbatch.job.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.cli.ClipBatch;
import io.clipbatch.job.datasets.TarShards;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One odd sample never ends an evaluation: WebDataset shards with every kind of bad sample and a
 * cut shard, and a class-folder tree with unreadable images, give error rows, named in report.md,
 * and on the readable rest exactly the numbers of a clean copy of it.
 */
class DatasetErrorsTest {
    @TempDir
    static Path work;
    static Path out;
    static Map<String, JsonNode> report = new HashMap<>();
    static String markdown;

    @BeforeAll
    static void evaluate() throws IOException {
        Path edge = Files.createDirectories(work.resolve("edge/test"));
        Path clean = Files.createDirectories(work.resolve("clean/test"));
        TarShards edge0 = new TarShards();
        TarShards clean0 = new TarShards();
        sample(edge0, clean0, "e00", "jpg", image("apple/img000.jpg"), "0");
        edge0.add("e01.cls", "0").add("e01.bmp", bmp(image("apple/img001.png")));
        clean0.add("e01.cls", "0").add("e01.png", image("apple/img001.png"));
        // clip_benchmark's order picks the webp: the jpg, which would fail to decode, is not read
        edge0.add("e02.jpg", "not a JPEG").add("e02.cls", "1").add("e02.webp", image("banana/img009.webp"));
        clean0.add("e02.cls", "1").add("e02.webp", image("banana/img009.webp"));
        sample(edge0, clean0, "e03", "jpg", image("cherry/img010.jpg"), "2");
        edge0.add("e04.cls", "3").add("e04.json", "{}");
        edge0.add("e05.cls", "3").add("e05.jpg", Arrays.copyOf(image("grape/img015.jpg"), 200));
        edge0.add("e06.cls", "grape").add("e06.png", image("grape/img016.png"));
        edge0.add("e07.jpg", image("grape/img017.jpg"));
        sample(edge0, clean0, "e08", "jpg", image("lemon/img020.jpg"), "4");
        TarShards edge1 = new TarShards();
        TarShards clean1 = new TarShards();
        sample(edge1, clean1, "f00", "jpg", image("lime/img025.jpg"), "5");
        sample(edge1, clean1, "f01", "jpeg", image("grape/img018.jpeg"), "3");
        edge1.add("f02.cls", "4").add("f02.png", image("lemon/img021.png"));
        Files.write(edge.resolve("0.tar"), edge0.bytes());
        Files.write(edge.resolve("1.tar"), Arrays.copyOf(edge1.bytes(), (int) edge1.headerOffset(5) + 512 + 40));
        Files.write(clean.resolve("0.tar"), clean0.bytes());
        Files.write(clean.resolve("1.tar"), clean1.bytes());
        for (Path root : List.of(edge.getParent(), clean.getParent())) {
            Files.write(root.resolve("classnames.txt"), EvalFixtures.CLASSES);
        }

        Path folders = work.resolve("folders");
        Files.createDirectories(folders.resolve("apple"));
        Files.createDirectories(folders.resolve("banana"));
        Files.write(folders.resolve("apple/img000.jpg"), image("apple/img000.jpg"));
        Files.write(folders.resolve("apple/broken.png"), Arrays.copyOf(image("apple/img001.png"), 60));
        Files.write(folders.resolve("banana/img005.jpg"), image("banana/img005.jpg"));
        Files.write(folders.resolve("banana/empty.jpg"), new byte[0]);

        out = work.resolve("eval");
        assertEquals(0, run("eval", "--model", SparkTestSession.TINY_IMMICH.toString(), "--device", "cpu",
                "--batch-size", "4", "--dataset", "edge=" + edge.getParent(), "--dataset", "clean=" + clean.getParent(),
                "--dataset", "folders=" + folders, "--templates", EvalFixtures.TEMPLATES.toString(),
                "--output", out.toString()));
        for (JsonNode row : new ObjectMapper().readTree(out.resolve("report.json").toFile())) {
            report.put(row.get("dataset").asText(), row);
        }
        markdown = Files.readString(out.resolve("report.md"));
    }

    private static void sample(TarShards edge, TarShards clean, String key, String extension, byte[] image,
                               String label) {
        for (TarShards shard : List.of(edge, clean)) {
            shard.add(key + ".cls", label).add(key + "." + extension, image);
        }
    }

    private static byte[] image(String fixture) throws IOException {
        return Files.readAllBytes(EvalFixtures.FOLDERS.resolve(fixture));
    }

    /** The same pixels as a 24-bit BMP. */
    private static byte[] bmp(byte[] png) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        BufferedImage rgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        rgb.getGraphics().drawImage(decoded, 0, 0, null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(rgb, "bmp", bytes));
        return bytes.toByteArray();
    }

    @Test
    void badSamplesAreErrorRowsAndTheRestScoresAsACleanCopy() {
        JsonNode edge = report.get("edge");
        JsonNode clean = report.get("clean");
        assertEquals(7, edge.get("n").asLong());
        assertEquals(6, edge.get("n_errors").asLong(), "e04..e07, the cut f02 and the unknown rest of 1.tar");
        assertEquals(7, clean.get("n").asLong());
        assertEquals(0, clean.get("n_errors").asLong());
        for (String metric : List.of("acc1", "acc5", "mean_per_class_recall")) {
            assertEquals(clean.get(metric).floatValue(), edge.get(metric).floatValue(), metric);
        }
    }

    @Test
    void theBmpAndTheWebpOverABrokenJpgScoreAsTheirCleanCopies() {
        Map<String, String> edge = outcomes("edge");
        Map<String, String> clean = outcomes("clean");
        for (String key : List.of("e00", "e01", "e02", "e03", "e08", "f00", "f01")) {
            assertEquals(clean.get(key), edge.get(key), key);
            assertTrue(edge.get(key).startsWith("["), key + " scored: " + edge.get(key));
        }
        assertEquals("sample: no image member (.webp, .png, .jpg, .jpeg, .gif, .bmp, .tif, .tiff, .ppm, .pgm, .pbm, .pnm)",
                edge.get("e04"));
        assertTrue(edge.get("e05").startsWith("decode: "), edge.get("e05"));
        assertEquals("sample: .cls holds 'grape', not a class index", edge.get("e06"));
        assertEquals("sample: no .cls label", edge.get("e07"));
        assertEquals("read: shard truncated inside this sample", edge.get("f02"));
        assertEquals("read: shard truncated after 2 samples", edge.get("1.tar"));
    }

    /** Each row's key (or shard name) to its top-k, or to its error. */
    private static Map<String, String> outcomes(String dataset) {
        Map<String, String> outcomes = new HashMap<>();
        for (Row row : SparkTestSession.get().read().parquet(report.get(dataset).get("predictions").asText())
                .selectExpr("path", "error", "topk").collectAsList()) {
            String path = row.getString(0);
            String name = path.substring(path.lastIndexOf(path.contains("#") ? '#' : '/') + 1);
            String key = name.contains(".tar") ? name : name.replaceFirst("\\..*", "");
            outcomes.put(key, row.isNullAt(1) ? row.getList(2).toString() : row.getString(1));
        }
        return outcomes;
    }

    @Test
    void classFolderImagesThatCannotBeReadAreErrorRows() {
        JsonNode folders = report.get("folders");
        assertEquals(2, folders.get("n").asLong());
        assertEquals(2, folders.get("n_errors").asLong());
        assertTrue(markdown.contains("/folders/apple/broken.png` | decode: "), markdown);
        assertTrue(markdown.contains("/folders/banana/empty.jpg` | decode: empty file |"), markdown);
    }

    @Test
    void reportMdNamesEveryErrorRow() {
        assertTrue(markdown.contains("| edge | 7 | 6 |"), markdown);
        assertTrue(markdown.contains("- 6 images could not be read or decoded (excluded from every metric)"), markdown);
        for (String named : List.of("/edge/test/0.tar#e04` | sample: no image member", "/edge/test/0.tar#e05.jpg` | decode: ",
                "/edge/test/0.tar#e06.png` | sample: .cls holds 'grape'", "/edge/test/0.tar#e07.jpg` | sample: no .cls label",
                "/edge/test/1.tar#f02` | read: shard truncated inside this sample",
                "/edge/test/1.tar` | read: shard truncated after 2 samples")) {
            assertTrue(markdown.contains(named), named + " in\n" + markdown);
        }
    }

    private static int run(String... args) {
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(new ByteArrayOutputStream(), true));
        try {
            return ClipBatch.execute(args);
        } finally {
            System.setOut(stdout);
        }
    }
}
