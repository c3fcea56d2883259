package io.clipbatch.core.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * One use of an ImageIO reader over an in-memory file: ImageIO does the entropy decoding (JPEG, PNG,
 * GIF, BMP, WebP, TIFF), this class hands back raw samples and the warnings the reader raised. Readers are not
 * thread-safe, so each decode gets its own.
 */
final class ImageIoReading implements AutoCloseable {
    static {
        ImageIO.setUseCache(false); // never spill to temporary files: everything is already in memory
        // ImageIO finds plugins with the class loader that first touched it; under Spark that may not see
        // this jar, so register the TwelveMonkeys readers by class (re-registering one just replaces it).
        IIORegistry registry = IIORegistry.getDefaultInstance();
        registry.registerServiceProvider(new com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi());
        registry.registerServiceProvider(new com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi());
    }

    private final ImageReader reader;
    private final List<String> warnings = new ArrayList<>();

    private ImageIoReading(ImageReader reader, byte[] data) {
        this.reader = reader;
        reader.setInput(new ByteArrayImageInputStream(data), true, false);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    }

    /** A reader for {@code formatName} ("jpeg", "png", "gif", "bmp", "webp") over {@code data}. */
    static ImageIoReading open(String formatName, byte[] data) throws ImageException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(formatName);
        if (!readers.hasNext()) {
            throw new ImageException("decode: no " + formatName + " reader available");
        }
        return new ImageIoReading(readers.next(), data);
    }

    /**
     * A reader made by {@code provider} itself: where the JDK has a reader for the same format (TIFF),
     * which one ImageIO lists first depends on registration order, and only this one is tested.
     */
    static ImageIoReading open(ImageReaderSpi provider, byte[] data) throws java.io.IOException {
        return new ImageIoReading(provider.createReaderInstance(), data);
    }

    ImageReader reader() {
        return reader;
    }

    List<String> warnings() {
        return warnings;
    }

    @Override
    public void close() {
        reader.dispose();
    }

    /**
     * The first {@code bands} bands of an 8-bit raster as interleaved bytes. The readers' usual layout
     * (one byte array, bands in order, no padding) is taken as it is, without a copy: the raster is ours.
     */
    static byte[] interleavedBytes(Raster raster, int bands) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        if (raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getNumBanks() == 1
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel model
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0) {
            int stride = model.getPixelStride();
            int[] offsets = model.getBandOffsets();
            boolean inOrder = stride == bands && model.getScanlineStride() == width * bands && buffer.getOffset() == 0;
            for (int b = 0; b < bands && inOrder; b++) {
                inOrder = offsets[b] == b;
            }
            byte[] data = buffer.getData();
            if (inOrder && data.length == width * height * bands) {
                return data;
            }
            byte[] out = new byte[width * height * bands];
            int o = 0;
            for (int y = 0; y < height; y++) {
                int row = buffer.getOffset() + y * model.getScanlineStride();
                for (int x = 0; x < width; x++) {
                    int pixel = row + x * stride;
                    for (int b = 0; b < bands; b++) {
                        out[o++] = data[pixel + offsets[b]];
                    }
                }
            }
            return out;
        }
        return toBytes(samples(raster), raster.getNumBands(), bands, 0, 1);
    }

    /** All samples of a raster, pixel-interleaved, row by row (packed rasters come out unpacked). */
    static int[] samples(Raster raster) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int bands = raster.getNumBands();
        int[] all = new int[width * height * bands];
        int[] row = new int[width * bands];
        for (int y = 0; y < height; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
            System.arraycopy(row, 0, all, y * width * bands, row.length);
        }
        return all;
    }

    /**
     * Picks {@code bands} of the raster's bands (in order, from {@code firstBand}) into bytes, keeping the
     * high byte of 16-bit samples as Pillow's {@code ;16B} raw modes do ({@code shift} = 8), or scaling
     * low-bit grey with {@code scale}.
     */
    static byte[] toBytes(int[] samples, int rasterBands, int bands, int shift, int scale) {
        int pixels = samples.length / rasterBands;
        byte[] out = new byte[pixels * bands];
        for (int p = 0, o = 0; p < pixels; p++) {
            int base = p * rasterBands;
            for (int b = 0; b < bands; b++) {
                out[o++] = (byte) ((samples[base + b] >> shift) * scale);
            }
        }
        return out;
    }
}
