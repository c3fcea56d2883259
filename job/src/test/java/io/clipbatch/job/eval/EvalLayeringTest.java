package io.clipbatch.job.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The eval job is driven by the command line, never the other way round: it knows neither cli nor picocli. */
class EvalLayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/io/clipbatch/job/eval");

    @Test
    void evalReferencesNeitherTheCommandLineNorPicocli() throws IOException {
        List<String> offending = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.list(SOURCES)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                for (String line : Files.readAllLines(source)) {
                    if (line.contains("io.clipbatch.job.cli.") || line.contains("picocli")) {
                        offending.add(source.getFileName() + ": " + line.strip());
                    }
                }
            }
        }
        assertTrue(files > 10, "read the eval sources from " + SOURCES.toAbsolutePath());
        assertEquals(List.of(), offending);
    }
}
