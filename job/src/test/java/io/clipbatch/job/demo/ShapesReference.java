package io.clipbatch.job.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** What tools/shapes/train_tiny_clip.py recorded for the Java side, and where the bundled model lives. */
final class ShapesReference {

    static final Path DIR = Path.of("src/test/resources/demo");
    /** The bundle, at the repository root (tests run in job/). */
    static final Path BUNDLE = Path.of("..", "models", "clip-tiny-shapes").toAbsolutePath().normalize();

    private static JsonNode json;

    private ShapesReference() {
    }

    static synchronized JsonNode json() {
        if (json == null) {
            try {
                json = new ObjectMapper().readTree(DIR.resolve("shapes-reference.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return json;
    }
}
