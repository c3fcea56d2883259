package io.clipbatch.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A graph as deeply nested as ONNX Runtime loads (31 Loops, tools/make_deep_graph.py) run from a
 * task thread whose stack is too small for ONNX Runtime's native recursion. The overflow is a
 * SIGSEGV that kills the JVM, so each run happens in a child JVM whose default thread stack
 * ({@code -Xss}) is 192 KB: the deepest graph needs about 220 KB there, under the 1 MB default
 * (on an executor, Spark's frames above ours and a lower -Xss eat into that margin).
 */
class DeepGraphStackTest {
    private static final Path DEEP_MODEL = Path.of("src/test/resources/models/deep-loops-visual.onnx");
    private static final String TASK_THREAD_STACK = "-Xss192k";
    private static final int SIZE = 4;
    private static final SessionSettings CPU = new SessionSettings(Device.CPU, 1, 8);

    @Test
    void theTowerRunsTheDeepestGraphFromASmallStackTaskThread() throws Exception {
        Child child = runChild("tower");
        assertEquals(0, child.exitValue(), child.output());
        assertArrayEquals(new float[] {1 / 3f, 2 / 3f, 2 / 3f}, embedding(child.output()), 1e-6f, child.output());
    }

    /** What a task did before runs moved to big-stack threads; it proves the model still reproduces the depth. */
    @Test
    void runningItOnTheTaskThreadItselfKillsTheJvm() throws Exception {
        Child child = runChild("direct");
        assertTrue(child.output().contains("session opened"), child.output());
        assertNotEquals(0, child.exitValue(), "the graph no longer overflows a " + TASK_THREAD_STACK
                + " task thread, so the other test proves nothing: lower the child's stack\n" + child.output());
        assertFalse(child.output().contains("embedding"), child.output());
    }

    private record Child(int exitValue, String output) {
    }

    private static Child runChild(String mode) throws IOException, InterruptedException {
        String tmp = System.getProperty("java.io.tmpdir");
        Process child = new ProcessBuilder(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                TASK_THREAD_STACK,
                "-XX:ErrorFile=" + tmp + "/clip-batch-deep-graph-hs_err_%p.log",
                "-XX:-CreateCoredumpOnCrash",
                "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"),
                RunOnTaskThread.class.getName(), mode, DEEP_MODEL.toAbsolutePath().toString()))
                .redirectErrorStream(true).start();
        // A few lines (or a crash report), well within the pipe's buffer: wait first, then read.
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not exit");
        return new Child(child.exitValue(), new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static float[] embedding(String output) {
        String line = output.lines().filter(l -> l.startsWith("embedding ")).findFirst().orElseThrow();
        String[] values = line.substring(line.indexOf('[') + 1, line.indexOf(']')).split(", ");
        float[] embedding = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            embedding[i] = Float.parseFloat(values[i]);
        }
        return embedding;
    }

    /**
     * Embeds a constant image with channels (1, 2, 2) on a thread of the default stack size, like a
     * Spark task thread: through {@link ImageTower} ("tower"), or by calling the session on that
     * thread itself ("direct").
     */
    public static final class RunOnTaskThread {
        public static void main(String[] args) throws InterruptedException {
            Path model = Path.of(args[1]);
            float[] pixels = new float[3 * SIZE * SIZE];
            Arrays.fill(pixels, SIZE * SIZE, pixels.length, 2f);
            Arrays.fill(pixels, 0, SIZE * SIZE, 1f);
            Runnable embed = args[0].equals("tower") ? () -> print(throughTower(model, pixels))
                    : () -> print(onThisThread(model, pixels));
            Thread task = new Thread(embed, "task-thread");   // no stack size given: -Xss's
            task.start();
            task.join();
        }

        private static void print(float[] embedding) {
            System.out.println("embedding " + Arrays.toString(embedding));
        }

        private static float[] throughTower(Path model, float[] pixels) {
            try (ImageTower tower = new ImageTower(model, CPU, 3, SIZE)) {
                System.out.println("session opened");
                return tower.encode(pixels, 1)[0];
            }
        }

        private static float[] onThisThread(Path model, float[] pixels) {
            OrtSession session = OrtSessions.open(model, CPU).session();   // opened on a big stack, as always
            System.out.println("session opened");
            try (OnnxTensor image = OnnxTensor.createTensor(OrtSessions.environment(), FloatBuffer.wrap(pixels),
                         new long[] {1, 3, SIZE, SIZE});
                 OrtSession.Result result = session.run(Map.of("image", image))) {
                float[] embedding = ((float[][]) result.get(0).getValue())[0];
                Vectors.normalize(embedding);
                return embedding;
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
