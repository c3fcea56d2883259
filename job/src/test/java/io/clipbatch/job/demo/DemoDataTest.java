package io.clipbatch.job.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.cli.DemoDataCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoDataTest {

    private static final int N = 30;

    @TempDir
    static Path dir;
    private static DemoData.Summary summary;

    @BeforeAll
    static void write() throws IOException {
        summary = DemoData.write(dir, N, 11);
    }

    @Test
    void writesImagesOfBothFormats() throws IOException {
        assertEquals(N, summary.images());
        assertEquals(3, summary.broken());
        assertTrue(summary.jpeg() > 0 && summary.jpeg() < N, summary.toString());
        try (var files = Files.list(dir.resolve("images"))) {
            assertEquals(N + 3, files.count());
        }
        byte[] first = Files.readAllBytes(firstImage());
        assertTrue(first.length > 100);
        assertEquals(ShapeClasses.names(), Files.readAllLines(dir.resolve("classes.txt")));
        assertEquals(ShapeClasses.TEMPLATES, Files.readAllLines(dir.resolve("templates.txt")));
    }

    @Test
    void manifestReadsBack() throws IOException {
        List<Group> rows = new ArrayList<>();
        Path manifest = dir.resolve("manifest.parquet");
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(manifest.toUri())).withConf(new Configuration()).build()) {
            for (Group row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
            }
        }
        assertEquals(N + 3, rows.size());
        for (Group row : rows) {
            Path path = Path.of(row.getString("path", 0));
            assertTrue(path.isAbsolute() && Files.exists(path), path.toString());
            int label = row.getInteger("label", 0);
            assertEquals(ShapeClasses.name(label), row.getString("label_name", 0));
            assertEquals(ShapeClasses.isHeldOut(label), row.getBoolean("held_out", 0));
            String format = row.getString("format", 0);
            assertTrue(path.toString().endsWith(format.equals("jpeg") ? ".jpg" : ".png"), path + " " + format);
            int captions = row.getGroup("captions", 0).getFieldRepetitionCount("list");
            assertEquals(path.getFileName().toString().startsWith("broken-") ? 0 : 3, captions, path.toString());
        }
        assertEquals(0, Files.size(dir.resolve("images/broken-empty.png")));
        assertFalse(Files.exists(dir.resolve(".manifest.parquet.crc")));
        assertEquals(N + 4, Files.readAllLines(dir.resolve("manifest.csv")).size());
    }

    @Test
    void webDatasetHoldsEveryGoodImageWithItsLabel() throws IOException {
        assertEquals("1", Files.readString(dir.resolve("wds/test/nshards.txt")).trim());
        assertEquals(ShapeClasses.names(), Files.readAllLines(dir.resolve("wds/classnames.txt")));
        assertEquals(ShapeClasses.TEMPLATES, Files.readAllLines(dir.resolve("wds/zeroshot_classification_templates.txt")));
        Map<String, byte[]> members = untar(Files.readAllBytes(dir.resolve("wds/test/0.tar")));
        assertEquals(3 * N, members.size());
        List<String> names = new ArrayList<>(members.keySet());
        assertEquals("s0000000", names.get(0).substring(0, 8));
        assertEquals("s0000000.cls", names.get(1));
        // Member i is images/00000i.*, byte for byte, and its .cls is the manifest's label.
        List<String> csv = Files.readAllLines(dir.resolve("manifest.csv"));
        for (int i = 0; i < N; i++) {
            String[] fields = csv.get(i + 1).split(",");
            String extension = fields[0].endsWith(".jpg\"") ? "jpg" : "png";
            String key = String.format("s%07d", i);
            Path image = Path.of(fields[0].substring(1, fields[0].length() - 1));
            assertArrayEquals(Files.readAllBytes(image), members.get(key + "." + extension), key);
            assertEquals(fields[1], new String(members.get(key + ".cls"), StandardCharsets.US_ASCII));
            String captions = new String(members.get(key + ".txt"), StandardCharsets.UTF_8);
            assertEquals(3, captions.lines().count(), captions);
            assertTrue(captions.startsWith("a photo of a " + ShapeClasses.name(Integer.parseInt(fields[1])) + ".\n"),
                    captions);
        }
    }

    @Test
    void commandWritesTheDemo(@TempDir Path out) {
        StringWriter printed = new StringWriter();
        CommandLine command = new CommandLine(new DemoDataCommand());
        command.setOut(new PrintWriter(printed));
        int rc = command.execute("--output", out.toString(), "--n", "3", "--seed", "5");
        assertEquals(0, rc);
        assertTrue(printed.toString().startsWith("Wrote 3 images"), printed.toString());
        assertTrue(Files.isRegularFile(out.resolve("manifest.parquet")));
        assertTrue(Files.isRegularFile(out.resolve("wds/test/0.tar")));
    }

    @Test
    void sameSeedSameBytes(@TempDir Path again) throws IOException {
        DemoData.write(again, N, 11);
        assertArrayEquals(Files.readAllBytes(dir.resolve("wds/test/0.tar")), Files.readAllBytes(again.resolve("wds/test/0.tar")));
    }

    private static Path firstImage() throws IOException {
        try (var files = Files.list(dir.resolve("images"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("000000")).findFirst().orElseThrow();
        }
    }

    /** A minimal ustar reader (regular files only), checking each header's checksum. */
    static Map<String, byte[]> untar(byte[] tar) {
        Map<String, byte[]> members = new LinkedHashMap<>();
        int offset = 0;
        while (offset + 512 <= tar.length && tar[offset] != 0) {
            String name = field(tar, offset, 100);
            int size = Integer.parseInt(field(tar, offset + 124, 12), 8);
            long checksum = Long.parseLong(field(tar, offset + 148, 8).trim(), 8);
            long sum = 0;
            for (int i = 0; i < 512; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : tar[offset + i] & 0xFF;
            }
            assertEquals(checksum, sum, "checksum of " + name);
            assertEquals("ustar", field(tar, offset + 257, 6));
            members.put(name, java.util.Arrays.copyOfRange(tar, offset + 512, offset + 512 + size));
            offset += 512 + (size + 511) / 512 * 512;
        }
        assertEquals(tar.length, offset + 1024, "two zero blocks end the archive");
        return members;
    }

    private static String field(byte[] tar, int offset, int length) {
        int end = offset;
        while (end < offset + length && tar[end] != 0) {
            end++;
        }
        return new String(tar, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
