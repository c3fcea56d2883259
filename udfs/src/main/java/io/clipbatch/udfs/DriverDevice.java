package io.clipbatch.udfs;

import io.clipbatch.core.session.Device;
import org.apache.spark.sql.SparkSession;

/**
 * Where the driver runs its own model calls (the text tower of a zero-shot head, SQL's query
 * embeddings). When the driver runs the tasks (local mode) that is the device asked for; on a
 * cluster the driver is often a machine without the executors' GPUs, so it is the default auto,
 * which uses CUDA where the driver has it.
 */
public final class DriverDevice {
    /**
     * Set to {@code false} to treat the driver in local mode as a cluster's driver, unlike its
     * executors: the tests use it to reach the executors' failure path.
     */
    public static final String CHECK_ON_DRIVER = "clipbatch.device.checkOnDriver";

    private DriverDevice() {}

    public static Device of(SparkSession spark, Device asked) {
        return runsTheTasks(spark) || asked.kind() == Device.Kind.CPU ? asked : Device.DEFAULT;
    }

    /** Whether this driver's JVM is where the tasks run, so that its ONNX Runtime is theirs. */
    public static boolean runsTheTasks(SparkSession spark) {
        return spark.sparkContext().isLocal() && Boolean.parseBoolean(System.getProperty(CHECK_ON_DRIVER, "true"));
    }
}
