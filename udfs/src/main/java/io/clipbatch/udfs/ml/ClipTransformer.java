package io.clipbatch.udfs.ml;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.bundle.BundleException;
import io.clipbatch.udfs.InvalidSettingException;
import io.clipbatch.udfs.ScoringSpec;
import java.util.function.Supplier;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsWritable;

/**
 * What every clip-batch transformer has: a model bundle, an input and an output column, a batch size
 * and a device, turned into a {@link ScoringSpec} on the driver, where a bad value is one sentence.
 * Setters return the concrete transformer, so that calls chain.
 *
 * @param <T> the concrete transformer
 */
public abstract class ClipTransformer<T extends ClipTransformer<T>> extends Transformer
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> modelPath;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final IntParam batchSize;
    private final Param<String> device;

    protected ClipTransformer(String uid, String defaultInputCol) {
        this.uid = uid;
        this.modelPath = new Param<>(this, "modelPath",
                "the CLIP model bundle: a directory every executor can read; a relative one is made absolute on the driver");
        this.inputCol = new Param<>(this, "inputCol", "the input column");
        this.outputCol = new Param<>(this, "outputCol", "the column of L2-normalised embeddings");
        this.batchSize = new IntParam(this, "batchSize", "inputs per model call");
        this.device = new Param<>(this, "device",
                "where the model runs: auto, cpu, cuda or cuda:N (a task given a GPU by Spark uses that GPU)");
        setDefault(inputCol, defaultInputCol);
        setDefault(outputCol, "embedding");
        setDefault(batchSize, ScoringSpec.DEFAULT_BATCH_SIZE);
        setDefault(device, "auto");
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> modelPath() {
        return modelPath;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public Param<String> device() {
        return device;
    }

    public String getModelPath() {
        return get(modelPath).isDefined() ? getOrDefault(modelPath) : null;
    }

    public String getInputCol() {
        return getOrDefault(inputCol);
    }

    public String getOutputCol() {
        return getOrDefault(outputCol);
    }

    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    public String getDevice() {
        return getOrDefault(device);
    }

    public T setModelPath(String value) {
        return with(modelPath, value);
    }

    public T setInputCol(String value) {
        return with(inputCol, value);
    }

    public T setOutputCol(String value) {
        return with(outputCol, value);
    }

    public T setBatchSize(int value) {
        return with(batchSize, value);
    }

    public T setDevice(String value) {
        return with(device, value);
    }

    @SuppressWarnings("unchecked")
    protected final <V> T with(Param<V> param, V value) {
        set(param, value);
        return (T) this;
    }

    /**
     * The params as a spec builder: the model made absolute here, on the driver (executors have
     * another working directory); the device only when set, so that an implicit auto stays implicit.
     */
    protected ScoringSpec.Builder specBuilder() {
        if (getModelPath() == null || getModelPath().isBlank()) {
            throw problem("modelPath is not set; call setModelPath with the model bundle's directory");
        }
        return checked(() -> {
            ScoringSpec.Builder builder = ScoringSpec.builder(getModelPath()).batchSize(getBatchSize());
            return isSet(device) ? builder.device(getDevice()) : builder;
        });
    }

    /** Runs a spec step, a bad value becoming one sentence in the param's name. */
    protected final <V> V checked(Supplier<V> step) {
        try {
            return step.get();
        } catch (InvalidSettingException e) {
            throw problem(e.setting().camelCase() + " " + e.problem());
        }
    }

    /** The spec's bundle, read and checked here on the driver, so that a bad model fails before any task. */
    protected final Bundle loadBundle(ScoringSpec spec) {
        try {
            return Bundle.load(spec.modelDir());
        } catch (BundleException e) {
            throw problem(e.getMessage());
        }
    }

    /** One sentence that names this transformer and what is wrong. */
    protected final IllegalArgumentException problem(String sentence) {
        return new IllegalArgumentException(getClass().getSimpleName() + ": " + sentence);
    }
}
