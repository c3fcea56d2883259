package io.clipbatch.udfs.session;

import java.io.Serializable;
import java.util.Locale;

/**
 * Where a model runs: the CPU, one CUDA device, or AUTO (CUDA device {@code id} when this ONNX Runtime
 * build and machine have one, else the CPU, with one warning per JVM).
 */
public record Device(Kind kind, int id) implements Serializable {

    public enum Kind { CPU, CUDA, AUTO }

    public static final Device CPU = new Device(Kind.CPU, 0);
    public static final Device AUTO = new Device(Kind.AUTO, 0);

    public Device {
        if (id < 0 || (kind == Kind.CPU && id != 0)) {
            throw new IllegalArgumentException("bad device id " + id + " for " + kind);
        }
    }

    public static Device cuda(int id) {
        return new Device(Kind.CUDA, id);
    }

    /** CUDA device {@code id} when this build and machine have one, else the CPU. */
    public static Device auto(int id) {
        return new Device(Kind.AUTO, id);
    }

    /** {@code cpu}, {@code auto}, {@code cuda} or {@code cuda:N}. */
    public static Device parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        if (name.equals("cpu")) {
            return CPU;
        }
        if (name.equals("auto")) {
            return AUTO;
        }
        if (name.equals("cuda") || name.equals("gpu")) {
            return cuda(0);
        }
        if (name.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(name.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown device '" + text + "' (expected cpu, auto, cuda or cuda:N)");
    }

    @Override
    public String toString() {
        return kind == Kind.CUDA ? "cuda:" + id : kind.name().toLowerCase(Locale.ROOT);
    }
}
