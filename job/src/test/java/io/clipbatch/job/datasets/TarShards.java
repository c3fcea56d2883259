package io.clipbatch.job.datasets;

import io.clipbatch.job.demo.TarWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    /** The tar, with its end-of-archive records (written by the demo's writer, not the reader's library). */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(out)) {
            for (Member member : members) {
                tar.add(member.name(), member.bytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
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
