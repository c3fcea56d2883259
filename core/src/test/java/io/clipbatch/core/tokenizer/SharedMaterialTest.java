package io.clipbatch.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** Without ../shared/clip the tests skip, and their class says why once on the console. */
class SharedMaterialTest {

    @Test
    void aMissingSharedFolderSkipsWithOneLinePerClass(@TempDir Path empty) {
        String previous = System.getProperty("clipbatch.shared");
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setProperty("clipbatch.shared", empty.toString());
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThrows(TestAbortedException.class, () -> SharedMaterial.clipFile("prompts.md"));
            assertThrows(TestAbortedException.class, () -> SharedMaterial.clipFile("tokenizer-vectors.jsonl"));
        } finally {
            System.setOut(stdout);
            if (previous == null) {
                System.clearProperty("clipbatch.shared");
            } else {
                System.setProperty("clipbatch.shared", previous);
            }
        }
        assertEquals(List.of("SharedMaterialTest skips the tests that need OpenAI's files: ../shared/clip absent: "
                + empty.resolve("clip/prompts.md") + " not found"), captured.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
