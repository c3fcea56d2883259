package io.clipbatch.core.bundle;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs and outputs an ONNX file declares, read straight from its protobuf without loading
 * ONNX Runtime or the weights, so that a bundle can be checked cheaply on the driver.
 */
public record OnnxSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {

    // Field numbers from onnx.proto.
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_ELEM_TYPE = 1;
    private static final int TENSOR_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;

    public OnnxSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public static OnnxSignature read(Path onnxFile) {
        try (FileChannel channel = FileChannel.open(onnxFile, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new BundleException(onnxFile + " is over 2 GiB, which a single ONNX protobuf cannot be.");
            }
            ProtoReader model = new ProtoReader(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
            return readModel(model, onnxFile);
        } catch (NoSuchFileException e) {
            throw new BundleException("Missing file " + onnxFile + ".");
        } catch (IOException e) {
            throw new BundleException("Cannot read " + onnxFile + ": " + e.getMessage() + ".");
        } catch (RuntimeException e) {
            if (e instanceof BundleException) {
                throw e;
            }
            throw new BundleException(onnxFile + " is not a readable ONNX model (" + e.getMessage() + ").");
        }
    }

    private static OnnxSignature readModel(ProtoReader model, Path onnxFile) {
        while (model.hasMore()) {
            int key = model.key();
            if (ProtoReader.fieldNumber(key) == MODEL_GRAPH && ProtoReader.wireType(key) == ProtoReader.LENGTH_DELIMITED) {
                return readGraph(model.message());
            }
            model.skip(ProtoReader.wireType(key));
        }
        throw new BundleException(onnxFile + " is not a readable ONNX model (it has no graph).");
    }

    private static OnnxSignature readGraph(ProtoReader graph) {
        List<TensorSpec> inputs = new ArrayList<>();
        List<TensorSpec> outputs = new ArrayList<>();
        while (graph.hasMore()) {
            int key = graph.key();
            int field = ProtoReader.fieldNumber(key);
            if (field == GRAPH_INPUT) {
                inputs.add(readValueInfo(graph.message()));
            } else if (field == GRAPH_OUTPUT) {
                outputs.add(readValueInfo(graph.message()));
            } else {
                graph.skip(ProtoReader.wireType(key));
            }
        }
        return new OnnxSignature(inputs, outputs);
    }

    private static TensorSpec readValueInfo(ProtoReader valueInfo) {
        String name = "";
        TensorSpec type = new TensorSpec("", 0, new long[0]);
        while (valueInfo.hasMore()) {
            int key = valueInfo.key();
            switch (ProtoReader.fieldNumber(key)) {
                case VALUE_INFO_NAME -> name = valueInfo.string();
                case VALUE_INFO_TYPE -> type = readType(valueInfo.message());
                default -> valueInfo.skip(ProtoReader.wireType(key));
            }
        }
        return new TensorSpec(name, type.elementType(), type.shape());
    }

    private static TensorSpec readType(ProtoReader typeProto) {
        TensorSpec tensor = new TensorSpec("", 0, new long[0]);
        while (typeProto.hasMore()) {
            int key = typeProto.key();
            if (ProtoReader.fieldNumber(key) == TYPE_TENSOR) {
                tensor = readTensorType(typeProto.message());
            } else {
                typeProto.skip(ProtoReader.wireType(key));
            }
        }
        return tensor;
    }

    private static TensorSpec readTensorType(ProtoReader tensorType) {
        int elementType = 0;
        List<Long> dims = new ArrayList<>();
        while (tensorType.hasMore()) {
            int key = tensorType.key();
            switch (ProtoReader.fieldNumber(key)) {
                case TENSOR_ELEM_TYPE -> elementType = (int) tensorType.varint();
                case TENSOR_SHAPE -> readShape(tensorType.message(), dims);
                default -> tensorType.skip(ProtoReader.wireType(key));
            }
        }
        return new TensorSpec("", elementType, dims.stream().mapToLong(Long::longValue).toArray());
    }

    private static void readShape(ProtoReader shape, List<Long> dims) {
        while (shape.hasMore()) {
            int key = shape.key();
            if (ProtoReader.fieldNumber(key) == SHAPE_DIM) {
                dims.add(readDimension(shape.message()));
            } else {
                shape.skip(ProtoReader.wireType(key));
            }
        }
    }

    /** A fixed size, or -1 for a named (symbolic) or unknown dimension. */
    private static long readDimension(ProtoReader dimension) {
        long value = -1;
        while (dimension.hasMore()) {
            int key = dimension.key();
            if (ProtoReader.fieldNumber(key) == DIM_VALUE && ProtoReader.wireType(key) == ProtoReader.VARINT) {
                value = dimension.varint();
            } else {
                dimension.skip(ProtoReader.wireType(key));
            }
        }
        return value;
    }
}
