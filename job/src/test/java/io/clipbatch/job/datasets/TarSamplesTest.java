package io.clipbatch.job.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** A shard's samples: the image clip_benchmark would pick, and every way a shard can be cut short. */
class TarSamplesTest {
    private static final String SHARD = "/data/test/0.tar";

    private static List<TarSamples.Sample> read(byte[] tar) {
        return read(tar, Set.of("cls"));
    }

    private static List<TarSamples.Sample> read(byte[] tar, Set<String> kept) {
        List<TarSamples.Sample> samples = new ArrayList<>();
        new TarSamples(SHARD, new ByteArrayInputStream(tar), kept).forEachRemaining(samples::add);
        return samples;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void webpThenPngThenJpgThenJpegThenTheOthers() {
        TarShards shard = new TarShards()
                .add("a.jpg", "A-jpg").add("a.jpeg", "A-jpeg").add("a.png", "A-png").add("a.webp", "A-webp").add("a.cls", "0")
                .add("b.bmp", "B-bmp").add("b.jpeg", "B-jpeg").add("b.jpg", "B-jpg").add("b.cls", "1")
                .add("c.tiff", "C-tiff").add("c.bmp", "C-bmp").add("c.gif", "C-gif").add("c.json", "{}")
                .add("d.ppm", "D-ppm").add("d.txt", "a caption");
        List<TarSamples.Sample> samples = read(shard.bytes());
        assertEquals(List.of("a.webp", "b.jpg", "c.gif", "d.ppm"), samples.stream().map(TarSamples.Sample::imageName).toList());
        assertEquals(List.of("A-webp", "B-jpg", "C-gif", "D-ppm"),
                samples.stream().map(s -> new String(s.image(), StandardCharsets.UTF_8)).toList());
        assertArrayEquals(bytes("1"), samples.get(1).members().get("cls"));
        assertEquals(Set.of(), samples.get(3).members().keySet(), "only the members asked for are kept");
        assertEquals(SHARD + "#a.webp", samples.get(0).where());
        samples.forEach(s -> assertNull(s.problem(), s.key()));
    }

    /** Four samples of two members each; the shard cut after every possible byte count. */
    @Test
    void aShardCutAnywhereKeepsTheSamplesBeforeTheCut() {
        TarShards shard = new TarShards();
        for (int k = 0; k < 4; k++) {
            shard.add("s" + k + ".cls", String.valueOf(k)).add("s" + k + ".jpg", "x".repeat(300 + 400 * k));
        }
        byte[] whole = shard.bytes();
        long dataEnd = shard.headerOffset(shard.size());
        for (int cut = 0; cut <= whole.length; cut++) {
            List<TarSamples.Sample> samples = read(Arrays.copyOf(whole, cut));
            String at = "cut at " + cut;
            if (cut >= dataEnd + 512) {
                assertEquals(4, samples.size(), at);
                samples.forEach(s -> assertNull(s.problem(), at));
                continue;
            }
            int complete = 0;
            while (complete < 3 && cut >= shard.headerOffset(2 * (complete + 1)) + 512) {
                complete++;
            }
            boolean damaged = cut >= 512;
            assertEquals(complete + (damaged ? 1 : 0) + 1, samples.size(), at);
            for (int k = 0; k < complete; k++) {
                TarSamples.Sample sample = samples.get(k);
                assertNull(sample.problem(), at);
                assertEquals(300 + 400 * k, sample.image().length, at);
                assertArrayEquals(bytes(String.valueOf(k)), sample.members().get("cls"), at);
            }
            if (damaged) {
                TarSamples.Sample sample = samples.get(complete);
                assertEquals("s" + complete, sample.key(), at);
                assertEquals("read: shard truncated inside this sample", sample.problem(), at);
                assertNull(sample.image(), at);
            }
            TarSamples.Sample rest = samples.get(samples.size() - 1);
            assertNull(rest.key(), at);
            assertEquals(SHARD, rest.where());
            assertEquals("read: shard truncated after " + complete + " samples", rest.problem(), at);
        }
    }

    @Test
    void aCutMidMemberAndACutMidHeader() {
        TarShards shard = new TarShards();
        for (int k = 0; k < 3; k++) {
            shard.add("s" + k + ".cls", String.valueOf(k)).add("s" + k + ".png", "p".repeat(700));
        }
        byte[] whole = shard.bytes();
        List<TarSamples.Sample> midMember = read(Arrays.copyOf(whole, (int) shard.headerOffset(3) + 512 + 100));
        assertEquals(List.of("s0", "s1", "null"), midMember.stream().map(s -> String.valueOf(s.key())).toList());
        assertEquals("/data/test/0.tar#s1", midMember.get(1).where(), "the damaged sample is named by its key");
        assertEquals("read: shard truncated after 1 samples", midMember.get(2).problem());

        List<TarSamples.Sample> midHeader = read(Arrays.copyOf(whole, (int) shard.headerOffset(4) + 200));
        assertEquals(List.of("s0", "s1", "null"), midHeader.stream().map(s -> String.valueOf(s.key())).toList());
        assertEquals("read: shard truncated inside this sample", midHeader.get(1).problem(),
                "s1's end cannot be known: the next header is cut");
    }

    @Test
    void aCorruptHeaderEndsTheShardWithItsReason() {
        TarShards shard = new TarShards().add("s0.cls", "0").add("s0.jpg", "j").add("s1.cls", "1").add("s1.jpg", "j");
        byte[] tar = shard.bytes();
        Arrays.fill(tar, (int) shard.headerOffset(3), (int) shard.headerOffset(3) + 200, (byte) 'Z');
        List<TarSamples.Sample> samples = read(tar);
        assertEquals(3, samples.size());
        assertNull(samples.get(0).problem());
        assertEquals("s1", samples.get(1).key());
        assertTrue(samples.get(1).problem().startsWith("read: shard corrupt ("), samples.get(1).problem());
        assertTrue(samples.get(2).problem().endsWith(" after 1 samples"), samples.get(2).problem());
    }

    @Test
    void samplesWithoutAnImageOrAUsableLabelBecomeRowsWithAReadError() {
        TarShards shard = new TarShards()
                .add("ok.cls", " 2\n").add("ok.webp", "W")
                .add("noimage.cls", "1").add("noimage.json", "{}")
                .add("nolabel.png", "P")
                .add("garbled.cls", "banana").add("garbled.jpg", "J")
                .add("negative.cls", "-1").add("negative.jpg", "J");
        List<Row> rows = read(shard.bytes()).stream().map(TarShardReader::row).toList();
        Row ok = rows.get(0);
        assertEquals(SHARD + "#ok.webp", ok.getString(0));
        assertArrayEquals(bytes("W"), (byte[]) ok.get(1));
        assertEquals(2, ok.getInt(2));
        assertTrue(ok.isNullAt(3));
        assertEquals(List.of(SHARD + "#noimage", SHARD + "#nolabel.png", SHARD + "#garbled.jpg", SHARD + "#negative.jpg"),
                rows.subList(1, 5).stream().map(r -> r.getString(0)).toList());
        assertEquals(List.of(TarShardReader.NO_IMAGE, "sample: no .cls label",
                        "sample: .cls holds 'banana', not a class index", "sample: .cls holds '-1', not a class index"),
                rows.subList(1, 5).stream().map(r -> r.getString(3)).toList());
        assertEquals(1, rows.get(1).getInt(2), "a known label is kept on the error row");
        for (Row row : rows.subList(1, 5)) {
            assertEquals(0, ((byte[]) row.get(1)).length, "no image to score: " + row);
        }
    }

    @Test
    void retrievalSamplesKeepTheirCaptionsAndASampleWithoutAnImageIsARowWithAReadError() {
        TarShards shard = new TarShards()
                .add("a.jpg", "J").add("a.txt", "a red circle\na circle\n")
                .add("nocaptions.png", "P")
                .add("noimage.txt", "a blue square");
        List<Row> rows = read(shard.bytes(), Set.of("txt")).stream().map(TarShardReader::captionedRow).toList();
        assertEquals(List.of("a red circle", "a circle"), Arrays.asList((String[]) rows.get(0).get(2)));
        assertTrue(rows.get(0).isNullAt(3));
        assertTrue(rows.get(1).isNullAt(2), "no .txt: no captions, the retrieval task's own error");
        assertTrue(rows.get(1).isNullAt(3));
        assertEquals(SHARD + "#noimage", rows.get(2).getString(0));
        assertEquals(TarShardReader.NO_IMAGE, rows.get(2).getString(3));
        assertEquals(0, ((byte[]) rows.get(2).get(1)).length, "no image to score");
    }
}
