package io.clipbatch.core.bundle;

import io.clipbatch.core.Golden;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the test bundles, to break on purpose. */
final class BundleFixtures {

    private BundleFixtures() {
    }

    static Path copy(String model, Path tmp) {
        Path source = Golden.model(model);
        Path target = tmp.resolve(model);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
