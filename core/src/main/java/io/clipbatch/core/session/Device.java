package io.clipbatch.core.session;

import java.io.Serializable;
import java.util.Locale;

/**
 * Where a model runs: the CPU, one CUDA device, or AUTO (CUDA device {@code id} when this ONNX Runtime
 * build and machine have one, else the CPU, saying so once per JVM).
 *
 * @param explicit whether the user named this device rather than getting the default ({@link #DEFAULT},
 *                 AUTO); only AUTO can be implicit. It decides how loudly AUTO's CPU fallback is logged.
 */
public record Device(Kind kind, int id, boolean explicit) implements Serializable {

    public enum Kind { CPU, CUDA, AUTO }

    public static final Device CPU = new Device(Kind.CPU, 0);
    /** {@code --device auto} as typed. */
    public static final Device AUTO = new Device(Kind.AUTO, 0);
    /** AUTO when no device was named. */
    public static final Device DEFAULT = new Device(Kind.AUTO, 0, false);

    public Device {
        if (id < 0 || (kind == Kind.CPU && id != 0)) {
            throw new IllegalArgumentException("bad device id " + id + " for " + kind);
        }
        if (!explicit && kind != Kind.AUTO) {
            throw new IllegalArgumentException("only auto is a default device, not " + kind);
        }
    }

    /** A device the user named. */
    public Device(Kind kind, int id) {
        this(kind, id, true);
    }

    public static Device cuda(int id) {
        return new Device(Kind.CUDA, id);
    }

    /** CUDA device {@code id} when this build and machine have one, else the CPU. */
    public static Device auto(int id) {
        return new Device(Kind.AUTO, id);
    }

    /** This device on CUDA device {@code gpu} (the one Spark gave a task); the CPU stays the CPU. */
    public Device onGpu(int gpu) {
        return kind == Kind.CPU ? this : new Device(kind, gpu, explicit);
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
