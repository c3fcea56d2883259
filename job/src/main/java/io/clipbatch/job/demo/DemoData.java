package io.clipbatch.job.demo;

import io.clipbatch.job.pictures.JpegEncoding;
import io.clipbatch.udfs.UserError;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Labelled demo images for the bundled model clip-tiny-shapes: scenes of all 60 classes (the
 * colour/shape pairs held out of training included), drawn from seeds the model never saw, stored
 * as JPEG (quality 95) and PNG, with a Parquet manifest, a clip_benchmark WebDataset copy, and a
 * few broken files so that the score job's error column has something to say. Every scene also has
 * three captions ({@link ShapeCaptions}), for {@code eval --task retrieval}: the manifest's
 * {@code captions} column and a {@code .txt} member beside each image in the shards.
 *
 * <pre>
 * images/000000.jpg ...        the scenes; images/broken-*  three unreadable files
 * manifest.parquet             path (absolute), label, label_name, format, held_out, captions; also manifest.csv
 * classes.txt, templates.txt   the zero-shot class names and prompt templates
 * class_groups.tsv             CLASS&lt;TAB&gt;GROUP: seen in training or held out of it (eval --class-groups)
 * wds/test/0.tar ..., wds/test/nshards.txt, wds/classnames.txt, wds/zeroshot_classification_templates.txt
 * </pre>
 */
public final class DemoData {

    /** Share of images stored as JPEG; the rest are PNG. */
    public static final double JPEG_SHARE = 0.7;
    public static final float JPEG_QUALITY = 0.95f;
    public static final int SHARD_SIZE = 1000;
    public static final String CLASS_GROUPS = "class_groups.tsv";
    public static final String SEEN = "classes seen in training";
    public static final String HELD_OUT = "classes held out of training";

    /** What {@link #write} wrote. */
    public record Summary(Path dir, int images, int jpeg, int heldOut, int broken, int shards) {
        @Override
        public String toString() {
            return images + " images (" + jpeg + " JPEG, " + (images - jpeg) + " PNG; " + heldOut
                    + " of them from classes held out of training) + " + broken + " broken files in " + dir
                    + "; WebDataset copy in " + shards + " shard(s)";
        }
    }

    private DemoData() {
    }

    /** Writes {@code n} scenes drawn from {@code seed} (plus the broken files) into {@code dir}. */
    public static Summary write(Path dir, int n, long seed) throws IOException {
        if (n < 1) {
            throw new UserError("--n must be at least 1, got " + n);
        }
        Path root = Files.createDirectories(dir.toAbsolutePath().normalize());
        Path images = Files.createDirectories(root.resolve("images"));
        SplitMix64 rng = new SplitMix64(seed);
        List<ManifestWriter.Entry> entries = new ArrayList<>();
        int jpegCount = 0;
        int heldOut = 0;
        int shards;
        try (WebDatasetWriter wds = new WebDatasetWriter(root.resolve("wds/test"), SHARD_SIZE)) {
            for (int i = 0; i < n; i++) {
                int label = rng.below(ShapeClasses.count());
                long sceneSeed = rng.next();
                boolean jpeg = rng.below(1000) < JPEG_SHARE * 1000;
                ShapeScene scene = ShapeScene.sample(label, sceneSeed);
                BufferedImage image = SceneRasterizer.image(scene);
                List<String> captions = ShapeCaptions.of(scene);
                byte[] encoded = jpeg ? jpeg(image) : png(image);
                String extension = jpeg ? "jpg" : "png";
                Path file = images.resolve(String.format("%06d.%s", i, extension));
                Files.write(file, encoded);
                wds.add(encoded, extension, label, captions);
                entries.add(entry(file, label, jpeg ? "jpeg" : "png", captions));
                jpegCount += jpeg ? 1 : 0;
                heldOut += ShapeClasses.isHeldOut(label) ? 1 : 0;
            }
            shards = wds.shards();
        }
        entries.addAll(writeBroken(images, rng));
        ManifestWriter.write(root.resolve("manifest.parquet"), entries);
        writeCsv(root.resolve("manifest.csv"), entries);
        writeLines(root.resolve("classes.txt"), ShapeClasses.names());
        writeLines(root.resolve("templates.txt"), ShapeClasses.TEMPLATES);
        writeLines(root.resolve(CLASS_GROUPS), classGroups());
        writeLines(root.resolve("wds/classnames.txt"), ShapeClasses.names());
        writeLines(root.resolve("wds/zeroshot_classification_templates.txt"), ShapeClasses.TEMPLATES);
        return new Summary(root, n, jpegCount, heldOut, entries.size() - n, shards);
    }

    /** The seen classes first, then the held-out ones: the order the reports list the groups in. */
    private static List<String> classGroups() {
        List<String> lines = new ArrayList<>();
        for (boolean heldOut : new boolean[] {false, true}) {
            for (int label = 0; label < ShapeClasses.count(); label++) {
                if (ShapeClasses.isHeldOut(label) == heldOut) {
                    lines.add(ShapeClasses.name(label) + "\t" + (heldOut ? HELD_OUT : SEEN));
                }
            }
        }
        return lines;
    }

    /** A truncated JPEG, an empty file and random bytes named .png, each with a label like any image. */
    private static List<ManifestWriter.Entry> writeBroken(Path images, SplitMix64 rng) throws IOException {
        byte[] whole = jpeg(SceneRasterizer.image(ShapeScene.sample(0, rng.next())));
        byte[] noise = new byte[2048];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) rng.next();
        }
        List<ManifestWriter.Entry> broken = new ArrayList<>();
        Object[][] files = {
            {"broken-truncated.jpg", Arrays.copyOf(whole, whole.length / 2), "jpeg"},
            {"broken-empty.png", new byte[0], "png"},
            {"broken-random.png", noise, "png"}};
        for (Object[] f : files) {
            Path file = images.resolve((String) f[0]);
            Files.write(file, (byte[]) f[1]);
            broken.add(entry(file, rng.below(ShapeClasses.count()), (String) f[2], List.of()));
        }
        return broken;
    }

    private static ManifestWriter.Entry entry(Path file, int label, String format, List<String> captions) {
        return new ManifestWriter.Entry(file.toString(), label, ShapeClasses.name(label), format,
                ShapeClasses.isHeldOut(label), captions);
    }

    static byte[] jpeg(BufferedImage image) throws IOException {
        return JpegEncoding.encode(image, JPEG_QUALITY);
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    /** The manifest as CSV too, for tools without a Parquet reader (tools/shapes/eval_torch.py). */
    private static void writeCsv(Path file, List<ManifestWriter.Entry> entries) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("path,label,label_name,format,held_out");
        for (ManifestWriter.Entry e : entries) {
            lines.add(quoted(e.path()) + "," + e.label() + "," + e.labelName() + "," + e.format() + "," + e.heldOut());
        }
        writeLines(file, lines);
    }

    private static String quoted(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }

    private static void writeLines(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
