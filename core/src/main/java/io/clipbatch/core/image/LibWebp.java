package io.clipbatch.core.image;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.logging.Logger;

/**
 * libwebp's animation decoder ({@code WebPAnimDecoder} in libwebpdemux), bound at run time through JNA when
 * the libraries are installed (Debian and Ubuntu: {@code libwebp7} and {@code libwebpdemux2}). It is the path
 * Pillow 9.4's {@code WebPImagePlugin} takes, called the same way, so lossy files get libwebp's own YUV to RGB
 * and their pixels are Pillow's:
 * <ul>
 *   <li>the mode is sniffed with {@code WebPGetFeatures}: RGBA when it reports alpha, else RGB;</li>
 *   <li>the decoder is made with no options, so it paints the first frame onto a canvas in {@code MODE_RGBA}
 *       (straight, not premultiplied alpha) and no threads;</li>
 *   <li>Pillow reads that canvas with raw mode RGBA, or RGBX (dropping the fourth byte) for RGB.</li>
 * </ul>
 *
 * <p>Optional by design: without the libraries, or with {@code -Dclipbatch.libwebp=false}, {@link #available}
 * is false and WebP goes through the pure-Java decoder.
 */
final class LibWebp {
    /** System property that turns the native path off ({@code false}). */
    static final String PROPERTY = "clipbatch.libwebp";

    /** The header versions Debian's Pillow 9.4 was built against (libwebp 1.2); only the major byte must match. */
    private static final int DECODER_ABI_VERSION = 0x0209;
    private static final int DEMUX_ABI_VERSION = 0x0107;
    /** {@code WebPBitstreamFeatures}: int width, height, has_alpha, has_animation, format, uint32 pad[5]. */
    private static final int FEATURES_BYTES = 40;
    private static final int FEATURES_HAS_ALPHA = 8;
    /** {@code WebPAnimInfo}: uint32 canvas_width, canvas_height, loop_count, bgcolor, frame_count, pad[4]. */
    private static final int ANIM_INFO_BYTES = 36;
    private static final int VP8_STATUS_OK = 0;

    private LibWebp() {
    }

    /** Whether the native libraries loaded and are not switched off. */
    static boolean available() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY)) && loaded();
    }

    private static boolean loaded() {
        try {
            return Libs.LOADED;
        } catch (LinkageError e) {
            return false; // JNA itself missing or unusable: the pure-Java path it is
        }
    }

    /** Why the native path is off, for logs and the benchmark report; null when it is on. */
    static String unavailableReason() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return "switched off with -D" + PROPERTY + "=false";
        }
        return loaded() ? null : Libs.failure;
    }

    /**
     * The first frame of a complete WebP file as Pillow 9.4 loads it: mode RGBA or RGB. Refused, as Pillow
     * refuses it, when libwebp cannot open or decode it.
     */
    static PillowImage decode(byte[] data, long maxPixels) throws ImageException {
        if (!loaded()) {
            throw new IllegalStateException("libwebp path used without checking available(): " + Libs.failure);
        }
        try (Memory input = new Memory(Math.max(data.length, 1))) {
            input.write(0, data, 0, data.length);
            Features features = Features.read(input, data.length);
            if (features != null) {
                // Before the decoder allocates its canvas: the bitstream's size is the canvas size.
                ImageDecoder.checkPixels(features.width, features.height, maxPixels);
            }
            Pointer decoder = openDecoder(input, data.length);
            try {
                return firstFrame(decoder, features == null || features.alpha, maxPixels);
            } finally {
                Demux.WebPAnimDecoderDelete(decoder);
            }
        }
    }

    /** What {@code WebPGetFeatures} reports; Pillow takes a file whose features cannot be read as RGBA. */
    private record Features(long width, long height, boolean alpha) {
        static Features read(Memory input, int length) {
            try (Memory features = new Memory(FEATURES_BYTES)) {
                int status = Webp.WebPGetFeaturesInternal(input, new NativeLong(length), features,
                        DECODER_ABI_VERSION);
                if (status != VP8_STATUS_OK) {
                    return null;
                }
                return new Features(features.getInt(0), features.getInt(4), features.getInt(FEATURES_HAS_ALPHA) != 0);
            }
        }
    }

    /** A decoder with default options over {@code input}, which must outlive it. */
    private static Pointer openDecoder(Memory input, int length) throws ImageException {
        try (Memory webpData = new Memory(Native.POINTER_SIZE + Native.SIZE_T_SIZE)) {
            webpData.setPointer(0, input);
            webpData.setNativeLong(Native.POINTER_SIZE, new NativeLong(length));
            Pointer decoder = Demux.WebPAnimDecoderNewInternal(webpData, null, DEMUX_ABI_VERSION);
            if (decoder == null) {
                throw new ImageException("decode: corrupt WEBP (libwebp could not open it)");
            }
            return decoder;
        }
    }

    /** The canvas after the first frame, once its size is known to be within the pixel limit. */
    private static PillowImage firstFrame(Pointer decoder, boolean alpha, long maxPixels) throws ImageException {
        long width;
        long height;
        try (Memory info = new Memory(ANIM_INFO_BYTES)) {
            if (Demux.WebPAnimDecoderGetInfo(decoder, info) == 0) {
                throw new ImageException("decode: corrupt WEBP (libwebp could not read its header)");
            }
            width = Integer.toUnsignedLong(info.getInt(0));
            height = Integer.toUnsignedLong(info.getInt(4));
        }
        ImageDecoder.checkPixels(width, height, maxPixels);
        long canvasBytes = 4 * width * height;
        if (canvasBytes > Integer.MAX_VALUE - 8) {
            throw new ImageException("decode: out of memory for webp");
        }
        Pointer canvas;
        try (Memory canvasRef = new Memory(Native.POINTER_SIZE); Memory timestamp = new Memory(4)) {
            if (Demux.WebPAnimDecoderGetNext(decoder, canvasRef, timestamp) == 0) {
                throw new ImageException("decode: corrupt WEBP (libwebp could not decode the first frame)");
            }
            canvas = canvasRef.getPointer(0);
        }
        byte[] rgba = canvas.getByteArray(0, (int) canvasBytes);
        if (alpha) {
            return PillowImage.ofBytes(PillowMode.RGBA, (int) width, (int) height, rgba);
        }
        return PillowImage.ofBytes(PillowMode.RGB, (int) width, (int) height, withoutFourthByte(rgba));
    }

    /** Pillow's raw mode RGBX unpacked to RGB. */
    private static byte[] withoutFourthByte(byte[] rgbx) {
        byte[] rgb = new byte[rgbx.length / 4 * 3];
        for (int i = 0, o = 0; i < rgbx.length; i += 4, o += 3) {
            rgb[o] = rgbx[i];
            rgb[o + 1] = rgbx[i + 1];
            rgb[o + 2] = rgbx[i + 2];
        }
        return rgb;
    }

    /** Loads both libraries, libwebp first (libwebpdemux depends on it); the failure names the missing one. */
    private static final class Libs {
        static final boolean LOADED;
        static String failure;

        static {
            LOADED = register(Webp.class, "libwebp", "webp", "libwebp.so.7")
                    && register(Demux.class, "libwebpdemux", "webpdemux", "libwebpdemux.so.2");
            if (!LOADED) {
                Logger.getLogger(LibWebp.class.getName()).fine(failure);
            }
        }

        private static boolean register(Class<?> binding, String label, String... names) {
            for (String name : names) {
                try {
                    Native.register(binding, NativeLibrary.getInstance(name));
                    return true;
                } catch (LinkageError | RuntimeException e) {
                    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    failure = label + " not loadable (" + message.lines().findFirst().orElse("") + ")";
                }
            }
            return false;
        }
    }

    /** libwebp's decoder API, JNA direct mapping. */
    private static final class Webp {
        static native int WebPGetFeaturesInternal(Pointer data, NativeLong size, Pointer features, int version);
    }

    /** libwebpdemux's animation decoder, JNA direct mapping. */
    private static final class Demux {
        static native Pointer WebPAnimDecoderNewInternal(Pointer webpData, Pointer options, int version);

        static native int WebPAnimDecoderGetInfo(Pointer decoder, Pointer info);

        static native int WebPAnimDecoderGetNext(Pointer decoder, Pointer canvas, Pointer timestamp);

        static native void WebPAnimDecoderDelete(Pointer decoder);
    }
}
