package io.clipbatch.core.image;

import java.awt.image.Raster;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Node;

/**
 * The first frame of a GIF as Pillow 9.4 opens it: mode P with the frame's palette (local, else global),
 * or mode L when the palette is the identity grey ramp or missing; the frame sits at its offset on a
 * canvas of the logical screen size (grown to fit the frame), pre-filled with the transparent index
 * when the frame has one, else index 0.
 */
final class GifDecoder {
    private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";

    private GifDecoder() {
    }

    static ImageDecoder.Decoded decode(byte[] data, long maxPixels) throws ImageException, java.io.IOException {
        try (ImageIoReading reading = ImageIoReading.open("gif", data)) {
            Node stream = reading.reader().getStreamMetadata().getAsTree(STREAM_FORMAT);
            IIOMetadata imageMetadata = reading.reader().getImageMetadata(0);
            Node image = imageMetadata.getAsTree(IMAGE_FORMAT);
            Node screen = child(stream, "LogicalScreenDescriptor");
            Node descriptor = child(image, "ImageDescriptor");
            int left = intAttribute(descriptor, "imageLeftPosition");
            int top = intAttribute(descriptor, "imageTopPosition");
            int frameWidth = intAttribute(descriptor, "imageWidth");
            int frameHeight = intAttribute(descriptor, "imageHeight");
            int width = Math.max(intAttribute(screen, "logicalScreenWidth"), left + frameWidth);
            int height = Math.max(intAttribute(screen, "logicalScreenHeight"), top + frameHeight);
            ImageDecoder.checkPixels(width, height, maxPixels);

            Node control = child(image, "GraphicControlExtension");
            boolean transparent = control != null && "TRUE".equalsIgnoreCase(attribute(control, "transparentColorFlag"));
            int background = transparent ? intAttribute(control, "transparentColorIndex") : 0;
            Node table = child(image, "LocalColorTable");
            if (table == null) {
                table = child(stream, "GlobalColorTable");
            }
            Raster frame = reading.reader().read(0).getRaster();
            byte[] indices = canvas(frame, width, height, left, top, background);
            if (table == null) {
                return new ImageDecoder.Decoded(PillowImage.ofBytes(PillowMode.L, width, height, indices), null);
            }
            int count = countEntries(table);
            int[] palette = readPalette(table);
            if (Palettes.isIdentityGrey(palette, count)) {
                return new ImageDecoder.Decoded(PillowImage.ofBytes(PillowMode.L, width, height, indices), null);
            }
            return new ImageDecoder.Decoded(PillowImage.ofPalette(width, height, indices, palette), null);
        }
    }

    private static byte[] canvas(Raster frame, int width, int height, int left, int top, int background) {
        byte[] indices = new byte[width * height];
        java.util.Arrays.fill(indices, (byte) background);
        int[] samples = ImageIoReading.samples(frame);
        int frameWidth = frame.getWidth();
        int bands = frame.getNumBands();
        for (int y = 0; y < frame.getHeight(); y++) {
            for (int x = 0; x < frameWidth; x++) {
                indices[(top + y) * width + left + x] = (byte) samples[(y * frameWidth + x) * bands];
            }
        }
        return indices;
    }

    private static int[] readPalette(Node table) {
        int[] palette = Palettes.greyRamp();
        for (Node entry = table.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
            int index = intAttribute(entry, "index");
            if (index >= 0 && index < 256) {
                palette[index] = (intAttribute(entry, "red") << 16) | (intAttribute(entry, "green") << 8)
                        | intAttribute(entry, "blue");
            }
        }
        return palette;
    }

    private static int countEntries(Node table) {
        int count = 0;
        for (Node entry = table.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
            count++;
        }
        return count;
    }

    private static Node child(Node parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node.getNodeName().equals(name)) {
                return node;
            }
        }
        return null;
    }

    private static String attribute(Node node, String name) {
        Node value = node.getAttributes().getNamedItem(name);
        return value == null ? null : value.getNodeValue();
    }

    private static int intAttribute(Node node, String name) {
        String value = attribute(node, name);
        return value == null ? 0 : Integer.parseInt(value);
    }
}
