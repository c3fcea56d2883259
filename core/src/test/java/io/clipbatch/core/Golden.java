package io.clipbatch.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test models and the PyTorch goldens written by tools/make_tiny_clip.py. */
public final class Golden {

    public static final String IMMICH = "tiny-clip-immich";
    public static final String HF = "tiny-clip-hf";
    public static final String FIXED1 = "tiny-clip-fixed1";

    private Golden() {
    }

    public static Path resource(String relative) {
        URL url = Golden.class.getResource("/" + relative);
        if (url == null) {
            throw new IllegalStateException("test resource " + relative + " is missing; run tools/make_tiny_clip.py");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path model(String name) {
        return resource("models/" + name);
    }

    public static Path embeddings(String file) {
        return resource("golden/embeddings/" + file);
    }

    public static JsonNode json(String file) {
        try {
            return new ObjectMapper().readTree(embeddings(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A preprocessed image stored by the generator as raw little-endian float32, CHW. */
    public static float[] tensor(String file) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(embeddings(file))).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).floatValue();
        }
        return values;
    }

    public static float[][] matrix(JsonNode rows) {
        float[][] values = new float[rows.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = floats(rows.get(i));
        }
        return values;
    }

    public static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).intValue();
        }
        return values;
    }

    public static int[][] intMatrix(JsonNode rows) {
        int[][] values = new int[rows.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = ints(rows.get(i));
        }
        return values;
    }

    /** The golden embedding of the image stored as {@code file} in images.json. */
    public static float[] imageEmbedding(String file) {
        JsonNode images = json("images.json");
        for (int i = 0; i < images.get("images").size(); i++) {
            if (images.get("images").get(i).asText().equals(file)) {
                return floats(images.get("embeddings").get(i));
            }
        }
        throw new IllegalArgumentException(file + " is not in images.json");
    }

    public static double l2(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }

    /** Prints a measured figure when run with -Dclipbatch.figures (kept out of normal test output). */
    public static void figure(String name, double value) {
        if (System.getProperty("clipbatch.figures") != null) {
            System.out.printf("FIGURE %s = %.3g%n", name, value);
        }
    }
}
