package io.clipbatch.core.session;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.clipbatch.core.bundle.TensorSpec;
import io.clipbatch.core.bundle.TowerSignature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One tower's ONNX Runtime session: what its graph takes and gives (as ONNX Runtime reports it),
 * and one run that returns L2-normalised embeddings. Thread-safe: OrtSession.run is.
 */
final class TowerSession implements AutoCloseable {

    private final Path model;
    private final OrtSession session;
    private final Device device;
    private final List<TensorSpec> inputs;
    private final TensorSpec output;
    private final int embedDim;

    private TowerSession(Path model, OrtSession session, Device device, List<TensorSpec> inputs,
                         TensorSpec output, int embedDim) {
        this.model = model;
        this.session = session;
        this.device = device;
        this.inputs = inputs;
        this.output = output;
        this.embedDim = embedDim;
    }

    static TowerSession open(Path model, SessionSettings settings, int embedDim) {
        OrtSessions.Opened opened = OrtSessions.open(model, settings);
        try {
            List<TensorSpec> inputs = specs(opened.session().getInputInfo());
            TensorSpec output = TowerSignature.embeddingOutput(specs(opened.session().getOutputInfo()), embedDim);
            if (output == null || TowerSignature.width(output) > 0 && TowerSignature.width(output) != embedDim) {
                throw new SessionException(model + " has no " + embedDim + "-wide embedding output (found "
                        + specs(opened.session().getOutputInfo()) + ").");
            }
            requireType(model, output, TensorSpec.FLOAT, TensorSpec.FLOAT16);
            return new TowerSession(model, opened.session(), opened.device(), inputs, output, embedDim);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(opened.session());
            if (e instanceof SessionException se) {
                throw se;
            }
            throw new SessionException("Cannot read the inputs and outputs of " + model + ": " + e.getMessage(), e);
        }
    }

    /** Fails with a sentence naming the model when {@code spec}'s element type is not one of {@code allowed}. */
    static void requireType(Path model, TensorSpec spec, int... allowed) {
        StringBuilder names = new StringBuilder();
        for (int type : allowed) {
            if (spec.elementType() == type) {
                return;
            }
            names.append(names.length() == 0 ? "" : " or ").append(TensorSpec.typeName(type));
        }
        throw new SessionException(model + ": '" + spec.name() + "' is " + TensorSpec.typeName(spec.elementType())
                + ", expected " + names + ".");
    }

    /**
     * {@code spec} (one of {@link #inputs}) when it has the rank and one of the element types the
     * tower feeds; else the session is closed and a sentence naming the model is thrown.
     */
    TensorSpec checkedInput(TensorSpec spec, int rank, String expected, int... types) {
        try {
            if (spec == null || spec.rank() != rank) {
                throw new SessionException(model + " has no " + expected + " input (found " + inputs + ").");
            }
            requireType(model, spec, types);
            return spec;
        } catch (SessionException e) {
            close();
            throw e;
        }
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> infos) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : infos.values()) {
            if (node.getInfo() instanceof TensorInfo tensor) {
                specs.add(new TensorSpec(node.getName(), onnxCode(tensor.onnxType), tensor.getShape()));
            }
        }
        return specs;
    }

    /** ONNX's TensorProto code for ONNX Runtime's element type (its Java enum numbers them differently). */
    static int onnxCode(TensorInfo.OnnxTensorType type) {
        return switch (type) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> TensorSpec.FLOAT;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> 2;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> 3;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> 4;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> 5;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> TensorSpec.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> TensorSpec.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> 8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> 9;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> TensorSpec.FLOAT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> 11;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> 12;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> 13;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> 16;
            default -> 0;
        };
    }

    List<TensorSpec> inputs() {
        return inputs;
    }

    TensorSpec output() {
        return output;
    }

    Device device() {
        return device;
    }

    Path model() {
        return model;
    }

    /**
     * How many rows to send per run: the graph's own batch size when it fixes one (the last run is
     * then padded), else {@code maxBatch}.
     */
    static int rowsPerRun(TensorSpec batchedInput, int maxBatch) {
        long fixed = batchedInput.dim(0);
        return fixed > 0 ? (int) fixed : maxBatch;
    }

    private static boolean fixedBatch(TensorSpec batchedInput) {
        return batchedInput.dim(0) > 0;
    }

    /** One run of rows {@code start .. start + count} of a request, sent as {@code rows} (padded when the batch is fixed). */
    @FunctionalInterface
    interface Piece {
        float[][] run(int start, int count, int rows);
    }

    /** Embeds {@code count} rows in as many runs as the graph's batch size asks for. */
    static float[][] inPieces(TensorSpec batchedInput, int rowsPerRun, int count, Piece piece) {
        float[][] embeddings = new float[count][];
        for (int start = 0; start < count; start += rowsPerRun) {
            int rows = Math.min(rowsPerRun, count - start);
            float[][] part = piece.run(start, rows, fixedBatch(batchedInput) ? rowsPerRun : rows);
            System.arraycopy(part, 0, embeddings, start, rows);
        }
        return embeddings;
    }

    /**
     * Runs the graph on {@code feeds} (closing them) and returns the first {@code rows} embeddings,
     * normalised. The run happens on a big-stack thread, not the caller's: ONNX Runtime's execution
     * of control-flow nodes recurses in native code (see {@link NativeStack}).
     */
    float[][] run(Map<String, OnnxTensor> feeds, int rows) {
        return NativeStack.call(() -> runHere(feeds, rows));
    }

    private float[][] runHere(Map<String, OnnxTensor> feeds, int rows) {
        try (OrtSession.Result result = session.run(feeds, Set.of(output.name()))) {
            OnnxValue value = result.get(0);
            float[][] embeddings = Tensors.rows((OnnxTensor) value, rows, embedDim);
            for (float[] embedding : embeddings) {
                Vectors.normalize(embedding);
            }
            return embeddings;
        } catch (OrtException | IllegalArgumentException e) {
            throw new SessionException("Running " + model + " failed: " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // Closing only frees native memory; nothing useful can be done if it fails.
        }
    }

    @Override
    public String toString() {
        return model.getFileName() + " " + inputs + " -> " + output + " on " + device;
    }
}
