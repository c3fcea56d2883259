package io.clipbatch.udfs.partition;

import io.clipbatch.core.session.Device;
import io.clipbatch.core.session.DeviceSupport;
import io.clipbatch.core.session.DeviceUnavailableException;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * Which CUDA device a task should use. Spark's resource scheduling hands each task the GPU
 * addresses it owns (from {@code spark.task.resource.gpu.amount} and the discovery script); the
 * address is the CUDA device id. Without an assignment the task uses device 0.
 */
public final class DeviceChoice {
    private static final long RETRY_WAIT_NANOS = 30_000_000_000L;

    private DeviceChoice() {}

    /**
     * {@code asked} on the GPU Spark assigned to {@code task} (null: none), checked against this
     * executor's ONNX Runtime before the task reads any image.
     *
     * @throws DeviceUnavailableException when this executor cannot run it
     */
    public static Device forTask(Device asked, TaskContext task) {
        Device device = asked.kind() == Device.Kind.CPU ? asked
                : asked.onGpu(gpuId(task == null ? null : task.resourcesJMap()));
        try {
            DeviceSupport.require(device);
        } catch (DeviceUnavailableException e) {
            if (task != null && task.attemptNumber() > 0) {
                awaitKill(task);
            }
            throw e;
        }
        return device;
    }

    /**
     * A retry of a task whose device failed waits for the driver to stop the job (which it does at
     * the first such failure) instead of failing at once: retries start within milliseconds, faster
     * than the driver hears of the first failure, and each failed one would count towards
     * {@code spark.task.maxFailures}. A killed task is reported as killed, not failed.
     */
    private static void awaitKill(TaskContext task) {
        long deadline = System.nanoTime() + RETRY_WAIT_NANOS;
        while (!task.isInterrupted() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The CUDA device id for a task holding {@code resources}, e.g. {@code TaskContext.resourcesJMap()}. */
    public static int gpuId(Map<String, ResourceInformation> resources) {
        if (resources == null) {
            return 0;
        }
        ResourceInformation gpu = resources.get("gpu");
        if (gpu == null || gpu.addresses().length == 0) {
            return 0;
        }
        String address = gpu.addresses()[0].trim();
        try {
            return Integer.parseInt(address);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Spark assigned GPU address '" + address
                    + "', which is not a CUDA device id; check the GPU discovery script");
        }
    }
}
