package io.clipbatch.core.bundle;

import java.util.Arrays;

/**
 * One input or output of an ONNX graph.
 *
 * @param name        the graph's name for it
 * @param elementType ONNX {@code TensorProto.DataType} code (see the constants)
 * @param shape       dimensions, -1 where the graph leaves one symbolic (such as the batch)
 */
public record TensorSpec(String name, int elementType, long[] shape) {

    public static final int FLOAT = 1;
    public static final int INT32 = 6;
    public static final int INT64 = 7;
    public static final int FLOAT16 = 10;

    public TensorSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The size of dimension {@code axis}, or -1 when symbolic. */
    public long dim(int axis) {
        return shape[axis];
    }

    public static String typeName(int elementType) {
        return switch (elementType) {
            case FLOAT -> "float32";
            case INT32 -> "int32";
            case INT64 -> "int64";
            case FLOAT16 -> "float16";
            default -> "onnx type " + elementType;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec other && name.equals(other.name) && elementType == other.elementType
                && Arrays.equals(shape, other.shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + elementType) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(dims.length() == 0 ? "" : ",").append(d < 0 ? "N" : Long.toString(d));
        }
        return name + " " + typeName(elementType) + "[" + dims + "]";
    }
}
