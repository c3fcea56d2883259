package io.clipbatch.core.bundle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the protobuf wire format to walk an ONNX file's graph signature. Skipping a field
 * only moves the cursor, so on a memory-mapped file the weights are never read.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buffer;

    ProtoReader(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    boolean hasMore() {
        return buffer.hasRemaining();
    }

    /** The next field's key: field number in the high bits, wire type in the low three. */
    int key() {
        long key = varint();
        if (key <= 0 || key > Integer.MAX_VALUE) {
            throw new IllegalStateException("bad field key " + key + " at byte " + buffer.position());
        }
        return (int) key;
    }

    static int fieldNumber(int key) {
        return key >>> 3;
    }

    static int wireType(int key) {
        return key & 7;
    }

    long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buffer.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalStateException("varint longer than 10 bytes at byte " + buffer.position());
    }

    /** A reader over the length-delimited field that follows; this reader moves past it. */
    ProtoReader message() {
        int length = length();
        ByteBuffer inner = buffer.slice();
        inner.limit(length);
        buffer.position(buffer.position() + length);
        return new ProtoReader(inner);
    }

    String string() {
        byte[] bytes = new byte[length()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(length());
            case FIXED32 -> advance(4);
            default -> throw new IllegalStateException("unsupported wire type " + wireType
                    + " at byte " + buffer.position());
        }
    }

    private int length() {
        long length = varint();
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalStateException("field of " + length + " bytes runs past the end ("
                    + buffer.remaining() + " left) at byte " + buffer.position());
        }
        return (int) length;
    }

    private void advance(int bytes) {
        if (bytes > buffer.remaining()) {
            throw new IllegalStateException("field runs past the end at byte " + buffer.position());
        }
        buffer.position(buffer.position() + bytes);
    }
}
