package io.clipbatch.core.session;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.platform.Fp16Conversions;
import io.clipbatch.core.bundle.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

/**
 * Java arrays to ONNX tensors of the element type the graph asks for, and back. Inputs go through
 * direct buffers so ONNX Runtime reads them in place; rows past the real data are zero (padding
 * for graphs with a fixed batch size).
 *
 * <p>The direct buffers are reused per thread and per input slot: a run is synchronous and closes
 * its tensors before returning, and allocating tens of megabytes of direct memory per batch would
 * leave its release to the garbage collector's timing.
 */
final class Tensors {

    /** Which reusable buffer an input uses; two inputs of one run need different slots. */
    static final int SLOT_MAIN = 0;
    static final int SLOT_MASK = 1;

    private static final ThreadLocal<ByteBuffer[]> SCRATCH = ThreadLocal.withInitial(() -> new ByteBuffer[2]);

    private Tensors() {
    }

    /**
     * {@code values} floats from absolute index {@code offset} of {@code data} as a tensor of {@code shape}.
     * A direct float32 buffer in native order that holds exactly the tensor becomes the tensor itself
     * (ONNX Runtime reads it in place); anything else is copied (zero-padded to {@code shape}) or converted to float16.
     */
    static OnnxTensor floats(FloatBuffer data, int offset, int values, long[] shape, int elementType)
            throws OrtException {
        int size = elements(shape);
        if (elementType == TensorSpec.FLOAT && data.isDirect() && data.order() == ByteOrder.nativeOrder()
                && values == size) {
            FloatBuffer view = data.duplicate();
            view.limit(offset + values).position(offset);
            return OnnxTensor.createTensor(OrtSessions.environment(), view.slice(), shape);
        }
        return switch (elementType) {
            case TensorSpec.FLOAT -> {
                FloatBuffer buffer = scratch(SLOT_MAIN, size * Float.BYTES, values * Float.BYTES).asFloatBuffer();
                buffer.put(0, data, offset, values);
                yield OnnxTensor.createTensor(OrtSessions.environment(), buffer, shape);
            }
            case TensorSpec.FLOAT16 -> {
                ShortBuffer buffer = scratch(SLOT_MAIN, size * Short.BYTES, values * Short.BYTES).asShortBuffer();
                for (int i = 0; i < values; i++) {
                    buffer.put(i, Fp16Conversions.floatToFp16(data.get(offset + i)));
                }
                yield OnnxTensor.createTensor(OrtSessions.environment(), buffer, shape, OnnxJavaType.FLOAT16);
            }
            default -> throw new IllegalArgumentException("image input of " + TensorSpec.typeName(elementType)
                    + " (only float32 and float16 are supported)");
        };
    }

    /** Rows {@code from..from+count} of {@code rows} into an int32 or int64 tensor of {@code shape}. */
    static OnnxTensor ints(int[][] rows, int from, int count, long[] shape, int elementType, int slot)
            throws OrtException {
        int width = (int) shape[1];
        int size = elements(shape);
        return switch (elementType) {
            case TensorSpec.INT32 -> {
                IntBuffer buffer = scratch(slot, size * Integer.BYTES, count * width * Integer.BYTES).asIntBuffer();
                for (int r = 0; r < count; r++) {
                    buffer.put(r * width, rows[from + r], 0, width);
                }
                yield OnnxTensor.createTensor(OrtSessions.environment(), buffer, shape);
            }
            case TensorSpec.INT64 -> {
                LongBuffer buffer = scratch(slot, size * Long.BYTES, count * width * Long.BYTES).asLongBuffer();
                for (int r = 0; r < count; r++) {
                    for (int c = 0; c < width; c++) {
                        buffer.put(r * width + c, rows[from + r][c]);
                    }
                }
                yield OnnxTensor.createTensor(OrtSessions.environment(), buffer, shape);
            }
            default -> throw new IllegalArgumentException("token input of " + TensorSpec.typeName(elementType)
                    + " (only int32 and int64 are supported)");
        };
    }

    /** The first {@code rows} rows of a [N, width] float32 or float16 tensor. */
    static float[][] rows(OnnxTensor tensor, int rows, int width) {
        long elements = tensor.getInfo().getNumElements();
        if (elements % width != 0 || elements / width < rows) {
            throw new IllegalArgumentException("embedding output of shape "
                    + Arrays.toString(tensor.getInfo().getShape()) + " is not " + rows + " rows of " + width);
        }
        float[][] out = new float[rows][width];
        switch (tensor.getInfo().type) {
            case FLOAT -> {
                FloatBuffer buffer = tensor.getFloatBuffer();
                for (int r = 0; r < rows; r++) {
                    buffer.get(r * width, out[r], 0, width);
                }
            }
            case FLOAT16 -> {
                ShortBuffer buffer = tensor.getShortBuffer();
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < width; c++) {
                        out[r][c] = Fp16Conversions.fp16ToFloat(buffer.get(r * width + c));
                    }
                }
            }
            default -> throw new IllegalArgumentException("embedding output of type " + tensor.getInfo().type
                    + " (only float32 and float16 are supported)");
        }
        return out;
    }

    static int elements(long[] shape) {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        return Math.toIntExact(size);
    }

    /**
     * This thread's buffer for {@code slot}, exactly {@code bytes} long, with bytes from {@code written}
     * on zeroed (the caller fills the part before).
     */
    private static ByteBuffer scratch(int slot, int bytes, int written) {
        ByteBuffer[] buffers = SCRATCH.get();
        ByteBuffer buffer = buffers[slot];
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(bytes);
            buffers[slot] = buffer;
        }
        buffer.clear();
        for (int i = written; i < bytes; i++) {
            buffer.put(i, (byte) 0);
        }
        buffer.limit(bytes);
        return buffer.slice().order(ByteOrder.nativeOrder());
    }
}
