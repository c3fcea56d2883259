package io.clipbatch.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A SPARK_HOME made from the Maven build: an empty {@code RELEASE} file (which tells Spark's
 * launcher to take its classpath from {@code jars/}), {@code jars/} of links to the Spark,
 * Hadoop and hadoop-aws jars of this build, and a quiet {@code conf/log4j2.properties}.
 */
final class SparkHome {
    final Path root;

    private SparkHome(Path root) {
        this.root = root;
    }

    static SparkHome create(Path root) throws IOException {
        List<String> jars = List.of(Files.readString(Path.of(System.getProperty("clipbatch.sparkDistribution")))
                .trim().split(java.io.File.pathSeparator));
        Project.deleteTree(root);   // a build of the other Spark profile may have left its jars
        Path jarsDir = Files.createDirectories(root.resolve("jars"));
        for (String jar : jars) {
            Path source = Path.of(jar);
            Files.createSymbolicLink(jarsDir.resolve(source.getFileName()), source);
        }
        Files.write(root.resolve("RELEASE"), new byte[0]);
        Path conf = Files.createDirectories(root.resolve("conf"));
        try (var log4j = SparkHome.class.getResourceAsStream("/cluster-log4j2.properties")) {
            Files.write(conf.resolve("log4j2.properties"), log4j.readAllBytes());
        }
        return new SparkHome(root);
    }

    /** The daemon and driver classpath, as spark-class builds it. */
    String classpath() {
        return root.resolve("conf") + java.io.File.pathSeparator + root.resolve("jars") + "/*";
    }

    String scalaVersion() {
        return System.getProperty("clipbatch.scalaBinaryVersion", "2.12");
    }
}
