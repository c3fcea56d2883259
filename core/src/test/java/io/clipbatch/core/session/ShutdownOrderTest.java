package io.clipbatch.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.core.Golden;
import io.clipbatch.core.bundle.Bundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JVM exits while tasks are inside session runs (SIGTERM on an executor): sessions close, then the environment. */
class ShutdownOrderTest {
    private static final SessionSettings CPU = new SessionSettings(Device.CPU, 1, 8);

    @Test
    void exitingDuringInferenceNeverCrashesTheJvm() throws Exception {
        for (int attempt = 0; attempt < 4; attempt++) {
            Process child = new ProcessBuilder(List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-cp", System.getProperty("java.class.path"),
                    ExitDuringInference.class.getName(), Golden.model(Golden.IMMICH).toString()))
                    .redirectErrorStream(true).start();
            // Its output is a line or two (or a crash report), well within the pipe's buffer: wait first, then read.
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not exit");
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), "attempt " + attempt + ":\n" + output);
            assertFalse(output.contains("fatal error"), output);
            assertTrue(output.contains("deferred hooks: 1"), "ONNX Runtime's environment closer is ours to run:\n"
                    + output);
        }
    }

    /** Runs the image tower on three threads and exits the JVM under them. */
    public static final class ExitDuringInference {
        public static void main(String[] args) throws IOException, InterruptedException {
            ClipModel model = SessionCache.get(Bundle.load(java.nio.file.Path.of(args[0])), CPU);
            int size = model.bundle().preprocess().size();
            model.encodeImages(new float[3 * size * size], 1);   // the sessions open on first use
            System.out.println("deferred hooks: " + EnvironmentShutdown.deferredHooks());
            for (int t = 0; t < 3; t++) {
                Thread runner = new Thread(() -> {
                    float[] pixels = new float[3 * size * size];
                    while (true) {
                        try {
                            model.encodeImages(pixels, 1);
                        } catch (IllegalStateException closed) {
                            return;
                        }
                    }
                });
                runner.setDaemon(true);
                runner.start();
            }
            Thread.sleep(300);
            System.exit(0);
        }
    }
}
