package io.clipbatch.job.eval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** numpy's .npy format (version 1.0, C order), for the two arrays the retrieval reference trades: float32 2-D and int64 1-D. */
final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final Pattern SHAPE = Pattern.compile("'shape': \\(([0-9, ]*)\\)");

    private Npy() {}

    static void writeFloats(Path file, float[][] rows) throws IOException {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        ByteBuffer data = body(header("<f4", rows.length + ", " + columns), 4L * rows.length * columns);
        for (float[] row : rows) {
            for (float v : row) {
                data.putFloat(v);
            }
        }
        Files.write(file, data.array());
    }

    static void writeLongs(Path file, long[] values) throws IOException {
        ByteBuffer data = body(header("<i8", values.length + ","), 8L * values.length);
        for (long v : values) {
            data.putLong(v);
        }
        Files.write(file, data.array());
    }

    static float[][] readFloats(Path file) throws IOException {
        ByteBuffer data = open(file, "<f4");
        int[] shape = shape(file);
        float[][] rows = new float[shape[0]][shape[1]];
        for (float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = data.getFloat();
            }
        }
        return rows;
    }

    static long[] readLongs(Path file) throws IOException {
        ByteBuffer data = open(file, "<i8");
        long[] values = new long[shape(file)[0]];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.getLong();
        }
        return values;
    }

    private static byte[] header(String dtype, String shape) {
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        String padded = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        return padded.getBytes(StandardCharsets.US_ASCII);
    }

    private static ByteBuffer body(byte[] header, long dataBytes) {
        ByteBuffer out = ByteBuffer.allocate((int) (MAGIC.length + 2 + header.length + dataBytes))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putShort((short) header.length).put(header);
        return out;
    }

    private static ByteBuffer open(Path file, String dtype) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        data.position(MAGIC.length);
        int headerLength = data.getShort() & 0xFFFF;
        byte[] header = new byte[headerLength];
        data.get(header);
        if (!new String(header, StandardCharsets.US_ASCII).contains("'descr': '" + dtype + "'")) {
            throw new IOException(file + " is not " + dtype);
        }
        return data;
    }

    private static int[] shape(Path file) throws IOException {
        String head = new String(Files.readAllBytes(file), 0, 128, StandardCharsets.US_ASCII);
        Matcher m = SHAPE.matcher(head);
        if (!m.find()) {
            throw new IOException(file + " has no shape");
        }
        return java.util.Arrays.stream(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
    }
}
