package io.clipbatch.core.image;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;

/**
 * libjpeg-turbo's TurboJPEG API, bound at run time through JNA when the library is installed (Debian
 * and Ubuntu: {@code libturbojpeg0}). It is the same libjpeg-turbo that Pillow links, used with the same
 * settings (accurate integer IDCT, fancy upsampling, libjpeg's own colour conversion), so its full-size
 * pixels are Pillow's; and it can decode at k/8 of the size in the DCT domain, which fast mode uses.
 *
 * <p>Optional by design: without the library, or with {@code -Dclipbatch.turbojpeg=false}, {@link #available}
 * is false and callers use the pure-Java decoders. A decode that libjpeg-turbo fails or warns about
 * returns null, so the caller's own decoder gives the verdict (truncated, corrupt, ...) exactly as before.
 */
final class TurboJpeg {
    /** System property that turns the native path off ({@code false}). */
    static final String PROPERTY = "clipbatch.turbojpeg";

    private static final int TJPF_RGB = 0;
    private static final int TJPF_GRAY = 6;
    /**
     * Decoders keep their buffers between images up to this size: enough for typical files and fast
     * mode's shrunk outputs. A full 12-megapixel output (36 MB) is freed after its image: one per
     * pooled decoder would sit off-heap, outside Spark's memory accounting.
     */
    private static final long KEEP_BUFFER_BYTES = 16L << 20;
    private static final ConcurrentLinkedQueue<Decompressor> IDLE = new ConcurrentLinkedQueue<>();

    private TurboJpeg() {
    }

    /** Whether the native library loaded and is not switched off. */
    static boolean available() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY)) && loaded();
    }

    private static boolean loaded() {
        try {
            return Lib.LOADED;
        } catch (LinkageError e) {
            return false; // JNA itself missing or unusable: the pure-Java path it is
        }
    }

    /** Why the native path is off, for logs and the benchmark report; null when it is on. */
    static String unavailableReason() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return "switched off with -D" + PROPERTY + "=false";
        }
        return loaded() ? null : Lib.failure;
    }

    /**
     * A baseline or progressive JPEG of {@code components} (1 or 3) decoded at {@code eighths}/8 of its
     * size ({@code width} x {@code height} from its frame header): mode L or RGB, or null when libjpeg-turbo
     * reported an error or a warning.
     */
    static PillowImage decode(byte[] data, int width, int height, int components, int eighths) {
        if (components != 1 && components != 3) {
            throw new IllegalArgumentException("TurboJPEG path for 1 or 3 components, not " + components);
        }
        int scaledWidth = scaled(width, eighths);
        int scaledHeight = scaled(height, eighths);
        long bytes = (long) scaledWidth * scaledHeight * components;
        if (bytes > Integer.MAX_VALUE - 8) {
            return null;
        }
        Decompressor decompressor = acquire();
        try {
            Pointer in = decompressor.input(data.length);
            in.write(0, data, 0, data.length);
            Pointer out = decompressor.output(bytes);
            int format = components == 3 ? TJPF_RGB : TJPF_GRAY;
            int status = Lib.tjDecompress2(decompressor.handle, in, new NativeLong(data.length), out,
                    scaledWidth, 0, scaledHeight, format, 0);
            if (status != 0) {
                return null;
            }
            byte[] pixels = new byte[(int) bytes];
            out.read(0, pixels, 0, pixels.length);
            PillowMode mode = components == 3 ? PillowMode.RGB : PillowMode.L;
            return PillowImage.ofBytes(mode, scaledWidth, scaledHeight, pixels);
        } finally {
            release(decompressor);
        }
    }

    /** libjpeg's output size at scale eighths/8 ({@code TJSCALED}: rounded up). */
    static int scaled(int side, int eighths) {
        return (int) (((long) side * eighths + 7) / 8);
    }

    private static Decompressor acquire() {
        Decompressor idle = IDLE.poll();
        return idle != null ? idle : new Decompressor(Lib.tjInitDecompress());
    }

    private static void release(Decompressor decompressor) {
        decompressor.trim();
        IDLE.add(decompressor);
    }

    /** A TurboJPEG handle with its native input and output buffers; used by one thread at a time. */
    private static final class Decompressor {
        final Pointer handle;
        private Memory input;
        private Memory output;

        Decompressor(Pointer handle) {
            if (handle == null) {
                throw new IllegalStateException("tjInitDecompress failed");
            }
            this.handle = handle;
        }

        Pointer input(long bytes) {
            input = grown(input, bytes);
            return input;
        }

        Pointer output(long bytes) {
            output = grown(output, bytes);
            return output;
        }

        private static Memory grown(Memory buffer, long bytes) {
            if (buffer != null && buffer.size() >= bytes) {
                return buffer;
            }
            if (buffer != null) {
                buffer.close();
            }
            // Some headroom, so a collection of similar images settles on one allocation.
            return new Memory(Math.max(bytes + bytes / 8, 1 << 16));
        }

        /** Frees buffers that one huge image grew, rather than keeping them for every later image. */
        void trim() {
            if (input != null && input.size() > KEEP_BUFFER_BYTES) {
                input.close();
                input = null;
            }
            if (output != null && output.size() > KEEP_BUFFER_BYTES) {
                output.close();
                output = null;
            }
        }
    }

    /** The native functions, JNA direct mapping (registered once, when this class is first used). */
    private static final class Lib {
        static final boolean LOADED;
        static String failure;

        static {
            boolean loaded = false;
            for (String name : new String[] {"turbojpeg", "libturbojpeg.so.0"}) {
                try {
                    com.sun.jna.Native.register(Lib.class, NativeLibrary.getInstance(name));
                    loaded = true;
                    break;
                } catch (LinkageError | RuntimeException e) {
                    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    failure = "libturbojpeg not loadable (" + message.lines().findFirst().orElse("") + ")";
                }
            }
            LOADED = loaded;
            if (!loaded) {
                Logger.getLogger(TurboJpeg.class.getName()).fine(failure);
            }
        }

        static native Pointer tjInitDecompress();

        static native int tjDecompress2(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer dstBuf,
                                        int width, int pitch, int height, int pixelFormat, int flags);
    }
}
