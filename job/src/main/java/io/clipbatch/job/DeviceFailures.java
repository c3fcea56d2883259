package io.clipbatch.job;

import io.clipbatch.core.session.Device;
import io.clipbatch.core.session.DeviceSupport;
import io.clipbatch.core.session.DeviceUnavailableException;
import io.clipbatch.udfs.DriverDevice;
import io.clipbatch.udfs.UserError;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * A device that cannot run the model, reported as one line naming the device and the fix. In
 * local mode the driver runs the tasks, so its own ONNX Runtime is checked before anything is
 * written. On a cluster the executors may differ from the driver: the first task that fails with
 * {@link DeviceUnavailableException} stops the job, since retrying it on the same executors cannot help.
 */
public final class DeviceFailures extends SparkListener {
    private static final String MARKER = DeviceUnavailableException.class.getName() + ": ";
    private static final String FIX_LOCAL = "build with mvn -Pgpu (CUDA 12 + cuDNN 9), or use --device auto or cpu";
    private static final String FIX_CLUSTER = "ship onnxruntime_gpu with CUDA 12 + cuDNN 9 to the executors "
            + "(CLIPBATCH_ORT_ARTIFACT=onnxruntime_gpu), or use --device auto or cpu";

    private final SparkContext context;
    private final AtomicReference<String> first = new AtomicReference<>();

    private DeviceFailures(SparkContext context) {
        this.context = context;
    }

    /** In local mode, refuses a device this JVM's ONNX Runtime cannot run, before anything is written. */
    public static void checkOnDriver(SparkSession spark, Device device) {
        if (!DriverDevice.runsTheTasks(spark)) {
            return;
        }
        try {
            DeviceSupport.require(device);
        } catch (DeviceUnavailableException e) {
            throw new UserError("--device " + e.getMessage() + "; " + FIX_LOCAL);
        }
    }

    /**
     * Runs a Spark action. The first task that cannot open its device cancels the stage, so that
     * Spark does not retry it up to {@code spark.task.maxFailures}, and the action's failure becomes
     * one line naming the device, the executor and the fix.
     */
    public static <T> T stopJobOnFirst(SparkSession spark, Supplier<T> action) {
        DeviceFailures listener = new DeviceFailures(spark.sparkContext());
        spark.sparkContext().addSparkListener(listener);
        try {
            return action.get();
        } catch (Exception e) { // SparkException is checked, though Scala throws it undeclared
            String failure = listener.first.get() != null ? listener.first.get() : fromDriverSide(e);
            if (failure != null) {
                throw new UserError(failure);
            }
            throw e;
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (!(taskEnd.reason() instanceof ExceptionFailure failure)) {
            return;
        }
        String device = deviceAndReason(failure.fullStackTrace() + "\n" + failure.description());
        String executor = "executor " + taskEnd.taskInfo().executorId() + " on " + taskEnd.taskInfo().host();
        if (device != null && first.compareAndSet(null, oneLine(device, executor))) {
            context.cancelStage(taskEnd.stageId(), first.get());
        }
    }

    /**
     * The line from the action's own exception, for a failure the listener has not seen yet (Spark
     * delivers listener events asynchronously; in local mode the job can end first).
     */
    private static String fromDriverSide(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String device = t instanceof DeviceUnavailableException ? t.getMessage()
                    : deviceAndReason(String.valueOf(t.getMessage()));
            if (device != null) {
                return oneLine(device, "an executor");
            }
        }
        return null;
    }

    /** {@code DEVICE: REASON}, the message of a {@link DeviceUnavailableException} found in a task's report. */
    private static String deviceAndReason(String report) {
        int at = report.indexOf(MARKER);
        if (at < 0) {
            return null;
        }
        String rest = report.substring(at + MARKER.length());
        int newline = rest.indexOf('\n');
        return (newline < 0 ? rest : rest.substring(0, newline)).strip();
    }

    private static String oneLine(String deviceAndReason, String executor) {
        return "--device " + deviceAndReason + " (" + executor + "); " + FIX_CLUSTER;
    }
}
