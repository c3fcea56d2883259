package io.clipbatch.core.image;

import java.nio.FloatBuffer;

/**
 * Image bytes to the model's input tensor, exactly as OpenAI's {@code clip._transform} (or open_clip's
 * {@code image_transform} for the other resize modes) does it on a Pillow image:
 * decode in Pillow's mode, resize (Pillow's filters), centre crop (or pad), {@code convert("RGB")},
 * ToTensor, Normalize. Output is CHW float32, written at an offset so a batch can be filled in place.
 *
 * <p>Immutable and thread-safe: decoder threads share one instance.
 */
public final class Preprocessor {
    private final PreprocessConfig config;
    private final PreprocessOptions options;
    private final ResampleFilter filter;
    private final Normalizer normalizer;
    private final JpegScale jpegScale;

    public Preprocessor(PreprocessConfig config) {
        this(config, PreprocessOptions.defaults());
    }

    public Preprocessor(PreprocessConfig config, PreprocessOptions options) {
        this.config = config;
        this.options = options;
        this.filter = ResampleFilter.parse(config.interpolation());
        this.normalizer = new Normalizer(config.mean(), config.std());
        this.jpegScale = options.mode() == PreprocessMode.FAST
                ? JpegScale.forResize(config.size(), config.resizeMode()) : JpegScale.FULL;
    }

    /** Whether JPEGs are decoded by libjpeg-turbo here (else by the pure-Java path; both are exact). */
    public static boolean nativeJpeg() {
        return TurboJpeg.available();
    }

    /** Why JPEGs are not decoded natively here, or null when they are. */
    public static String nativeJpegUnavailableReason() {
        return TurboJpeg.unavailableReason();
    }

    public PreprocessConfig config() {
        return config;
    }

    public PreprocessOptions options() {
        return options;
    }

    /** Floats per image: 3 * size * size. */
    public int tensorLength() {
        return 3 * config.size() * config.size();
    }

    /** Writes the image's CHW tensor into {@code out[offset .. offset + tensorLength())}. */
    public void preprocess(byte[] encoded, float[] out, int offset) throws ImageException {
        checkRoom(out.length, offset);
        normalizer.write(prepareRgb(encoded), out, offset);
    }

    /** Writes the image's CHW tensor into {@code out} at absolute index {@code offset}. */
    public void preprocess(byte[] encoded, FloatBuffer out, int offset) throws ImageException {
        checkRoom(out.limit(), offset);
        normalizer.write(prepareRgb(encoded), out, offset);
    }

    /** The image's CHW tensor in a new array. */
    public float[] preprocess(byte[] encoded) throws ImageException {
        float[] out = new float[tensorLength()];
        preprocess(encoded, out, 0);
        return out;
    }

    /** Everything before ToTensor: the size x size RGB image the tensor is made from (for tests and debugging). */
    public PillowImage prepareRgb(byte[] encoded) throws ImageException {
        return RgbConversion.toRgb(resizeAndCrop(decode(encoded)));
    }

    /**
     * The decoding step alone: the image as Pillow opens it (oriented when the options say so), for
     * images that several models with different preprocessing share: decode once, then
     * {@link #preprocess(PillowImage, float[], int)} for each model. In fast mode JPEGs come out already
     * shrunk for this preprocessor's size, so share them only with models of that size or smaller.
     * It is also the stage the benchmark times as "decode".
     */
    public PillowImage decode(byte[] encoded) throws ImageException {
        ImageDecoder.Decoded decoded = ImageDecoder.decode(encoded, options.maxPixels(), jpegScale);
        return options.exifTranspose() ? ExifOrientation.apply(decoded.image(), decoded.exif()) : decoded.image();
    }

    /**
     * Whether {@link #decode} gives the same image as {@code other}'s, so that the two may share one
     * decoding: always in exact mode; in fast mode only for the same size and resize mode.
     */
    public boolean decodesLike(Preprocessor other) {
        return options.equals(other.options) && jpegScale.sameAs(other.jpegScale);
    }

    /** Writes the CHW tensor of an image from {@link #decode} into {@code out} at {@code offset}. */
    public void preprocess(PillowImage decoded, float[] out, int offset) throws ImageException {
        checkRoom(out.length, offset);
        normalizer.write(RgbConversion.toRgb(resizeAndCrop(decoded)), out, offset);
    }

    /**
     * The geometric steps of the transform, in the image's own Pillow mode. A centre crop that needs no
     * padding is computed as a window of the resize, which gives the same samples for less work.
     */
    PillowImage resizeAndCrop(PillowImage image) throws ImageException {
        int size = config.size();
        int[] target = ResizeGeometry.resizedSize(image.width(), image.height(), size, config.resizeMode());
        if (config.resizeMode() == ResizeMode.SQUASH) {
            return Resampler.resize(image, target[0], target[1], filter);
        }
        if (target[0] >= size && target[1] >= size) {
            return Resampler.resizeWindow(image, target[0], target[1], filter,
                    CenterCrop.offset(target[0], size), CenterCrop.offset(target[1], size), size, size);
        }
        PillowImage resized = Resampler.resize(image, target[0], target[1], filter);
        int fill = config.resizeMode() == ResizeMode.LONGEST ? config.fillColor() : 0;
        return CenterCrop.cropOrPad(resized, size, fill);
    }

    private void checkRoom(int capacity, int offset) {
        if (offset < 0 || (long) offset + tensorLength() > capacity) {
            throw new IndexOutOfBoundsException(
                    "no room for " + tensorLength() + " floats at offset " + offset + " of " + capacity);
        }
    }

    /** Normalised value the tensor holds for uint8 {@code value} in {@code channel} (0 R, 1 G, 2 B). */
    float normalized(int channel, int value) {
        return normalizer.value(channel, value);
    }
}
