package io.clipbatch.core.session;

import java.io.Serializable;

/**
 * How a bundle's towers are run.
 *
 * @param device         where to run
 * @param intraOpThreads ONNX Runtime's threads per inference; 0 lets it choose (one per core)
 * @param maxBatchSize   the most images or prompts sent to a graph in one run (graphs with a fixed
 *                       batch size use theirs instead)
 */
public record SessionSettings(Device device, int intraOpThreads, int maxBatchSize) implements Serializable {

    public static final int DEFAULT_MAX_BATCH = 32;

    public SessionSettings {
        if (device == null) {
            throw new IllegalArgumentException("device is required");
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be 0 (automatic) or more, got " + intraOpThreads);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
        }
    }

    public static SessionSettings defaults() {
        return new SessionSettings(Device.DEFAULT, 0, DEFAULT_MAX_BATCH);
    }
}
