package io.clipbatch.job.cli;

import static io.clipbatch.job.cli.CliTest.assertOneLineUsageError;
import static io.clipbatch.job.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.clipbatch.core.session.DeviceSupport;
import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.cli.CliTest.Run;
import io.clipbatch.job.eval.EvalFixtures;
import io.clipbatch.udfs.DriverDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device cuda} on a cluster whose executors have no CUDA provider, while the driver's check
 * passes. Local mode stands in for the cluster: {@code local[1,4]} retries a failed task up to 4
 * times, as {@code spark.task.maxFailures} does on a cluster, and {@link DriverDevice#CHECK_ON_DRIVER}
 * turns the driver's check off, as a driver unlike its executors would pass it. The executors' failure
 * is real: this ONNX Runtime build has no CUDA provider.
 */
class ExecutorDeviceFailureTest {
    private static final int MAX_FAILURES = 4;
    private static final AtomicInteger FAILED_ATTEMPTS = new AtomicInteger();

    @TempDir
    static Path work;
    static Path images;
    static SparkSession cluster;

    @BeforeAll
    static void retryingSession() throws IOException {
        assumeFalse(DeviceSupport.cudaInThisBuild(), "this ONNX Runtime build has CUDA: no executor fails");
        images = Files.createDirectories(work.resolve("images"));
        for (String name : List.of("apple/img030.jpg", "grape/img015.jpg")) {
            Files.copy(EvalFixtures.FOLDERS.resolve(name), images.resolve(name.replace('/', '-')));
        }
        SparkTestSession.get().stop(); // local[2] fails a job at a task's first failure: no retry to stop
        cluster = SparkSession.builder().master("local[1," + MAX_FAILURES + "]").appName("clip-batch retries")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        cluster.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                if (taskEnd.reason() instanceof ExceptionFailure) {
                    FAILED_ATTEMPTS.incrementAndGet();
                }
            }
        });
        System.setProperty(DriverDevice.CHECK_ON_DRIVER, "false");
    }

    @BeforeEach
    void countFromZero() {
        FAILED_ATTEMPTS.set(0);
    }

    @AfterAll
    static void stopIt() {
        System.clearProperty(DriverDevice.CHECK_ON_DRIVER);
        if (cluster != null) {
            cluster.stop(); // the next test class starts the shared local[2] session again
        }
    }

    @Test
    void theFirstFailedTaskStopsTheJobWithOneLineAndRemovesThePlan() throws Exception {
        Path out = work.resolve("out");
        // With --classes the driver builds the head: on auto, as a cluster's driver without GPUs would.
        Path classes = Files.writeString(work.resolve("classes.txt"), "apple\ngrape\n");
        Run run = run("", "score", "--model", CliTest.MODEL, "--device", "cuda", "--input", images.toString(),
                "--classes", classes.toString(), "--output", out.toString());
        assertOneLineUsageError(run, "clip-batch: --device cuda:0: this ONNX Runtime build has no CUDA provider "
                + "(executor driver on ");
        assertTrue(run.err().contains("ship onnxruntime_gpu with CUDA 12 + cuDNN 9"), run.err());
        assertStoppedAtTheFirstFailure(run);
        assertFalse(Files.exists(out), "the plan and the folder this run created are removed");

        Run corrected = run("", "score", "--model", CliTest.MODEL, "--device", "cpu", "--input", images.toString(),
                "--output", out.toString());
        assertEquals(0, corrected.code(), corrected.err());
    }

    @Test
    void evalStopsTheSameWay() throws Exception {
        Path out = work.resolve("eval");
        Run run = run("", "eval", "--model", CliTest.MODEL, "--device", "cuda", "--dataset",
                "folders=" + EvalFixtures.FOLDERS, "--output", out.toString());
        assertOneLineUsageError(run, "clip-batch: --device cuda:0: this ONNX Runtime build has no CUDA provider (");
        assertStoppedAtTheFirstFailure(run);
    }

    private static void assertStoppedAtTheFirstFailure(Run run) throws Exception {
        assertEquals(1, run.err().lines().count(), "no stack trace: " + run.err());
        cluster.sparkContext().listenerBus().waitUntilEmpty();
        int attempts = FAILED_ATTEMPTS.get();
        assertTrue(attempts >= 1 && attempts < MAX_FAILURES, attempts + " failed attempts: the job was not stopped");
    }
}
