package io.clipbatch.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a bundle's JSON files, turning every problem into a one-sentence {@link BundleException}. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final JsonNode root;

    private Json(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    static Json read(Path file) {
        try {
            JsonNode node = MAPPER.readTree(Files.readAllBytes(file));
            if (node == null || !node.isObject()) {
                throw new BundleException("Unparsable JSON in " + file + ": expected an object at the top.");
            }
            return new Json(file, node);
        } catch (NoSuchFileException e) {
            throw new BundleException("Missing file " + file + ".");
        } catch (JsonProcessingException e) {
            throw new BundleException("Unparsable JSON in " + file + ": " + e.getOriginalMessage() + ".");
        } catch (IOException e) {
            throw new BundleException("Cannot read " + file + ": " + e.getMessage() + ".");
        }
    }

    Path file() {
        return file;
    }

    /** The node at a dotted path such as {@code text_cfg.context_length}, or null when absent. */
    JsonNode find(String dottedPath) {
        JsonNode node = root;
        for (String key : dottedPath.split("\\.")) {
            node = node == null ? null : node.get(key);
        }
        return node == null || node.isNull() ? null : node;
    }

    int intAt(String dottedPath) {
        JsonNode node = find(dottedPath);
        if (node == null || !node.canConvertToInt()) {
            throw wrong(dottedPath, node == null ? "is missing" : "is not an integer");
        }
        return node.intValue();
    }

    int intAt(String dottedPath, int fallback) {
        return find(dottedPath) == null ? fallback : intAt(dottedPath);
    }

    boolean boolAt(String dottedPath, boolean fallback) {
        JsonNode node = find(dottedPath);
        if (node != null && !node.isBoolean()) {
            throw wrong(dottedPath, "is not true or false");
        }
        return node == null ? fallback : node.booleanValue();
    }

    String textAt(String dottedPath, String fallback) {
        JsonNode node = find(dottedPath);
        if (node != null && !node.isTextual()) {
            throw wrong(dottedPath, "is not a string");
        }
        return node == null ? fallback : node.textValue();
    }

    /** Three numbers, as mean and std are written. */
    float[] rgbAt(String dottedPath) {
        JsonNode node = find(dottedPath);
        if (node == null || !node.isArray() || node.size() != 3) {
            throw wrong(dottedPath, node == null ? "is missing" : "is not a list of 3 numbers");
        }
        float[] values = new float[3];
        for (int i = 0; i < 3; i++) {
            if (!node.get(i).isNumber()) {
                throw wrong(dottedPath, "is not a list of 3 numbers");
            }
            values[i] = node.get(i).floatValue();
        }
        return values;
    }

    BundleException wrong(String dottedPath, String problem) {
        return new BundleException("In " + file + ", '" + dottedPath + "' " + problem + ".");
    }
}
