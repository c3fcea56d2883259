package io.clipbatch.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipbatch.core.Golden;
import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.Device;
import io.clipbatch.core.session.SessionSettings;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Fast mode: which DCT scale it picks, that it leaves everything but JPEGs exact, and how far its
 * tensors and embeddings are from exact mode's on the golden JPEGs and on a 2048x1536 photo (the
 * bounds below are the ones docs/benchmarks.md quotes).
 */
class FastModeTest {
    /** Largest mean absolute difference of the 224x224 RGB crop, in 8-bit levels. */
    static final double MAX_MEAN_LEVEL_DIFF = 6.5;
    /** Largest L2 distance between the fast and exact unit embeddings of the tiny test model. */
    static final double MAX_EMBEDDING_DISTANCE = 0.1;

    private final Preprocessor exact = new Preprocessor(PreprocessConfig.openai(224));
    private final Preprocessor fast = new Preprocessor(PreprocessConfig.openai(224),
            PreprocessOptions.defaults().withMode(PreprocessMode.FAST));

    @Test
    void picksTheSmallestScaleThatKeepsTheResizeTarget() {
        JpegScale shortest = JpegScale.forResize(224, ResizeMode.SHORTEST);
        assertEquals(1, shortest.eighths(4000, 3000)); // 500x375 >= 298x224
        assertEquals(1, shortest.eighths(3000, 4000));
        assertEquals(5, shortest.eighths(500, 375)); // 313x235; 4/8 would be 250x188
        assertEquals(8, shortest.eighths(300, 200)); // already smaller than the target
        assertEquals(2, JpegScale.forResize(224, ResizeMode.SQUASH).eighths(1000, 900)); // 250x225
        assertEquals(8, JpegScale.FULL.eighths(4000, 3000));
    }

    @Test
    void onlyJpegsChange() throws ImageException {
        for (String input : new String[] {"inputs/astronaut_320.png", "inputs/anim.gif", "inputs/rgb24.bmp"}) {
            byte[] data = GoldenImages.bytes(input);
            assertArrayEquals(exact.preprocess(data), fast.preprocess(data), input);
        }
    }

    @Test
    void staysCloseToExactOnPhotos() throws Exception {
        assumeTrue(TurboJpeg.available(), "libturbojpeg absent (" + TurboJpeg.unavailableReason()
                + "): without it fast mode is exact mode");
        List<String> names = new ArrayList<>();
        List<byte[]> files = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode c : GoldenImages.manifest().get("cases")) {
            String input = c.get("input").asText();
            if (input.endsWith(".jpg") && c.get("kind").asText().equals("jpeg") && seen.add(input)) {
                names.add(input);
                files.add(GoldenImages.bytes(input));
            }
        }
        names.add("astronaut 2048x1536 q90");
        files.add(largePhoto());
        names.add("astronaut 2048x1792 q90");
        files.add(largePhoto(2048, 1792));

        Bundle bundle = Bundle.load(Golden.model(Golden.IMMICH));
        int scaled = 0;
        try (ClipModel model = ClipModel.open(bundle, new SessionSettings(Device.CPU, 1, 8))) {
            for (int i = 0; i < files.size(); i++) {
                byte[] data = files.get(i);
                if (fast.decode(data).width() != exact.decode(data).width()) {
                    scaled++;
                }
                double levels = GoldenImages.diff(fast.prepareRgb(data).samples(), exact.prepareRgb(data).samples())[1];
                float[][] embeddings = model.encodeImages(concat(fast.preprocess(data), exact.preprocess(data)), 2);
                double distance = Golden.l2(embeddings[0], embeddings[1]);
                Golden.figure("fast vs exact " + names.get(i) + " mean level diff", levels);
                Golden.figure("fast vs exact " + names.get(i) + " embedding L2", distance);
                assertTrue(levels <= MAX_MEAN_LEVEL_DIFF, names.get(i) + ": mean level difference " + levels);
                assertTrue(distance <= MAX_EMBEDDING_DISTANCE, names.get(i) + ": embedding distance " + distance);
            }
        }
        assertTrue(scaled >= 2, "fast mode shrank only " + scaled + " of the test JPEGs while decoding");
    }

    private static float[] concat(float[] a, float[] b) {
        float[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** A 2048x1536 JPEG (quality 90) of the golden astronaut, enlarged, with a little noise for texture. */
    static byte[] largePhoto() throws IOException {
        return largePhoto(2048, 1536);
    }

    /** The same at another size. */
    static byte[] largePhoto(int width, int height) throws IOException {
        BufferedImage small = ImageIO.read(new java.io.ByteArrayInputStream(GoldenImages.bytes("inputs/astronaut_320.png")));
        BufferedImage large = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = large.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(small, 0, 0, width, height, null);
        g.dispose();
        Random random = new Random(7);
        byte[] pixels = ((java.awt.image.DataBufferByte) large.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.max(0, Math.min(255, (pixels[i] & 0xFF) + random.nextInt(9) - 4));
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(large, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
