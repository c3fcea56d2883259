package io.clipbatch.job.datasets;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds WebDataset shards in tests: members in the order added, and where each one starts. */
public final class TarShards {
    private static final int RECORD = 512;

    private record Member(String name, byte[] bytes) {
    }

    private final List<Member> members = new ArrayList<>();

    public TarShards add(String name, byte[] bytes) {
        members.add(new Member(name, bytes));
        return this;
    }

    public TarShards add(String name, String text) {
        return add(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The tar, with its two end-of-archive records: plain ustar headers written here, so that the
     * reader is not checked against its own library's writer.
     */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Member member : members) {
            out.writeBytes(header(member.name(), member.bytes().length));
            out.writeBytes(member.bytes());
            out.writeBytes(new byte[padding(member.bytes().length)]);
        }
        out.writeBytes(new byte[2 * RECORD]);
        return out.toByteArray();
    }

    private static byte[] header(String name, long size) {
        byte[] header = new byte[RECORD];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", size));
        put(header, 136, "00000000000");
        Arrays.fill(header, 148, 156, (byte) ' ');
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xFF;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        return header;
    }

    private static void put(byte[] header, int at, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, at, bytes.length);
    }

    private static int padding(int size) {
        return (RECORD - size % RECORD) % RECORD;
    }

    /** Where member {@code i}'s header starts; {@code i == size} gives the end of the last member's data. */
    public long headerOffset(int i) {
        long offset = 0;
        for (int m = 0; m < i; m++) {
            offset += RECORD + members.get(m).bytes().length + padding(members.get(m).bytes().length);
        }
        return offset;
    }

    public int size() {
        return members.size();
    }
}
