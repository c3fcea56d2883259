package io.clipbatch.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where the build put what the interoperability tests need. */
final class Project {
    static final Path ROOT = Path.of(System.getProperty("clipbatch.root", "..")).toAbsolutePath().normalize();
    static final Path TARGET = ROOT.resolve("interop-tests/target");
    static final Path TINY_MODEL = ROOT.resolve("core/src/test/resources/models/tiny-clip-immich");
    static final Path GOLDEN_INPUTS = ROOT.resolve("core/src/test/resources/golden/images/inputs");
    static final Path JOB_TARGET = ROOT.resolve("job/target");

    private Project() {}

    /** A fresh, empty folder under target/interop for one test. */
    static Path freshDir(String name) throws IOException {
        Path dir = TARGET.resolve("interop").resolve(name);
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
