package io.clipbatch.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.imageio.ImageIO;

/** Access to the golden vectors written by tools/make_golden_images.py (test resources). */
final class GoldenImages {
    static final String ROOT = "/golden/images/";

    private GoldenImages() {
    }

    static JsonNode manifest() {
        try (InputStream in = open("manifest.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String relative) {
        try (InputStream in = open(relative)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String relative) throws IOException {
        InputStream in = GoldenImages.class.getResourceAsStream(ROOT + relative);
        if (in == null) {
            throw new IOException("missing test resource " + ROOT + relative);
        }
        return in;
    }

    /** The expected RGB image (an 8-bit RGB PNG written by Pillow) as interleaved bytes. */
    static byte[] expectedRgb(String relative, int size) {
        try (InputStream in = open(relative)) {
            Raster raster = ImageIO.read(in).getRaster();
            if (raster.getWidth() != size || raster.getHeight() != size || raster.getNumBands() != 3) {
                throw new IllegalStateException(relative + " is not a " + size + "x" + size + " RGB image");
            }
            int[] samples = raster.getPixels(0, 0, size, size, (int[]) null);
            byte[] rgb = new byte[samples.length];
            for (int i = 0; i < samples.length; i++) {
                rgb[i] = (byte) samples[i];
            }
            return rgb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PreprocessConfig config(JsonNode c) {
        return new PreprocessConfig(c.get("size").asInt(), PreprocessConfig.OPENAI_MEAN, PreprocessConfig.OPENAI_STD,
                c.get("interpolation").asText(), ResizeMode.parse(c.get("resize_mode").asText()),
                c.get("fill_color").asInt());
    }

    /** sha256 of the tensor as little-endian float32, as the generator hashes it. */
    static String sha256(float[] tensor) {
        ByteBuffer buffer = ByteBuffer.allocate(tensor.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(tensor);
        return sha256(buffer.array());
    }

    /** sha256 of a decoded image's samples, laid out as the generator hashes Pillow's. */
    static String sha256(PillowImage image) {
        if (image.mode() == PillowMode.I) {
            ByteBuffer buffer = ByteBuffer.allocate(image.ints().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asIntBuffer().put(image.ints());
            return sha256(buffer.array());
        }
        return sha256(image.samples());
    }

    static String sha256(byte[] data) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(data)) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Max and mean absolute difference between two equally long uint8 buffers. */
    static double[] diff(byte[] actual, byte[] expected) {
        long sum = 0;
        int max = 0;
        for (int i = 0; i < actual.length; i++) {
            int d = Math.abs((actual[i] & 0xFF) - (expected[i] & 0xFF));
            sum += d;
            max = Math.max(max, d);
        }
        return new double[] {max, (double) sum / actual.length};
    }
}
