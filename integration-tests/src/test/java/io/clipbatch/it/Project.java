package io.clipbatch.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where the build put what the integration tests need. */
final class Project {
    static final Path ROOT = Path.of(System.getProperty("clipbatch.root", "..")).toAbsolutePath().normalize();
    static final Path TARGET = ROOT.resolve("integration-tests/target");
    static final Path TINY_MODEL = ROOT.resolve("core/src/test/resources/models/tiny-clip-immich");
    static final Path GOLDEN_INPUTS = ROOT.resolve("core/src/test/resources/golden/images/inputs");

    private Project() {}

    /** The job jar users submit: built by the job module's package phase, before this module runs. */
    static Path shadedJar() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("job/target"))) {
            return files.filter(p -> p.getFileName().toString().matches("clip-batch-job-.*-shaded\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no shaded job jar in job/target: run mvn verify"));
        }
    }

    /** ONNX Runtime's jar (CPU or GPU build) from the local Maven repository, shipped with --jars as users would. */
    static Path onnxRuntimeJar() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().matches("onnxruntime(_gpu)?-[0-9.]+\\.jar")) {
                return Path.of(entry);
            }
        }
        throw new IllegalStateException("no ONNX Runtime jar on the test classpath");
    }

    /**
     * Delta Lake's jars (delta-spark and the io.delta artifacts it depends on) from the local Maven
     * repository: what {@code --packages io.delta:delta-spark_*} fetches beyond Spark's own jars.
     */
    static List<Path> deltaJars() {
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (entry.endsWith(".jar") && jar.toString().contains("/io/delta/")) {
                jars.add(jar);
            }
        }
        if (jars.stream().noneMatch(j -> j.getFileName().toString().startsWith("delta-spark_"))) {
            throw new IllegalStateException("no delta-spark jar on the test classpath");
        }
        return jars;
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static String[] javaOpens() {
        return System.getProperty("clipbatch.javaOpens", "").trim().split("\\s+");
    }

    static Path logs() throws IOException {
        return Files.createDirectories(TARGET.resolve("it-logs"));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
