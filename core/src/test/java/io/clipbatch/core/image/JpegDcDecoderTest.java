package io.clipbatch.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/** Fast mode's pure-Java 1/8 decoder against libjpeg-turbo's 1/8 decode and against full decodes. */
class JpegDcDecoderTest {

    private static PillowImage dc(byte[] data) {
        return JpegDcDecoder.decode(data, JpegMarkers.scan(data));
    }

    private static PillowImage turboEighth(byte[] data) {
        JpegMarkers markers = JpegMarkers.scan(data);
        return TurboJpeg.decode(data, markers.width, markers.height, markers.componentIds.length, 1);
    }

    @Test
    void greyIsLibjpegTurbosEighthScaleExactly() {
        assumeTrue(TurboJpeg.available(), "libturbojpeg absent: nothing to compare with");
        byte[] data = GoldenImages.bytes("inputs/camera_gray.jpg");
        PillowImage ours = dc(data);
        assertNotNull(ours);
        assertEquals(PillowMode.L, ours.mode());
        assertArrayEquals(turboEighth(data).samples(), ours.samples());
    }

    @Test
    void colourIsCloseToLibjpegTurbosEighthScale() throws IOException {
        assumeTrue(TurboJpeg.available(), "libturbojpeg absent: nothing to compare with");
        for (byte[] data : new byte[][] {GoldenImages.bytes("inputs/rocket.jpg"), FastModeTest.largePhoto(),
            withRestartMarkers(FastModeTest.largePhoto())}) {
            PillowImage ours = dc(data);
            PillowImage turbo = turboEighth(data);
            assertNotNull(ours);
            assertEquals(turbo.width(), ours.width());
            assertEquals(turbo.height(), ours.height());
            double[] diff = GoldenImages.diff(ours.samples(), turbo.samples());
            // Only the chroma upsampling differs (repetition here, interpolation in libjpeg-turbo).
            assertTrue(diff[1] < 1.5, "mean difference " + diff[1]);
        }
    }

    @Test
    void restartMarkersAreFollowed() throws Exception {
        byte[] plain = FastModeTest.largePhoto();
        byte[] restarts = withRestartMarkers(plain);
        assertTrue(restarts.length > plain.length, "the writer put no restart markers in");
        PillowImage full = JpegDecoder.decodeWithImageIo(restarts, JpegMarkers.scan(restarts)).image();
        PillowImage eighth = dc(restarts);
        // Each output pixel is its 8x8 block's mean: a decoder that lost its place at a restart would be far off.
        byte[] means = new byte[eighth.width() * eighth.height() * 3];
        for (int y = 0; y < eighth.height(); y++) {
            for (int x = 0; x < eighth.width(); x++) {
                for (int b = 0; b < 3; b++) {
                    int sum = 0;
                    for (int i = 0; i < 64; i++) {
                        sum += full.sample(8 * x + i % 8, 8 * y + i / 8, b);
                    }
                    means[(y * eighth.width() + x) * 3 + b] = (byte) Math.round(sum / 64.0);
                }
            }
        }
        double[] diff = GoldenImages.diff(eighth.samples(), means);
        assertTrue(diff[1] < 2.0, "mean difference from the block means " + diff[1]);
    }

    @Test
    void whatItDoesNotDecodeIsLeftToTheFullDecoder() {
        assertNull(dc(GoldenImages.bytes("inputs/coffee_progressive.jpg")));
        assertNull(dc(GoldenImages.bytes("inputs/chelsea_cmyk.jpg")));
        assertNull(dc(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2}));
    }

    @Test
    void aScanCutOffByTheEndOfTheFileIsLeftToTheFullDecoder() throws Exception {
        byte[] photo = FastModeTest.largePhoto(2048, 1792);
        byte[] cut = java.util.Arrays.copyOf(photo, photo.length / 2);
        assertNotNull(dc(photo));
        assertNull(dc(cut), "zeros after the end of the file must not decode as blocks");
        String old = System.getProperty(TurboJpeg.PROPERTY);
        System.setProperty(TurboJpeg.PROPERTY, "false");
        try {
            Preprocessor fast = new Preprocessor(PreprocessConfig.openai(224),
                    PreprocessOptions.defaults().withMode(PreprocessMode.FAST));
            Preprocessor exact = new Preprocessor(PreprocessConfig.openai(224));
            String exactReason = assertThrows(ImageException.class, () -> exact.preprocess(cut)).reason();
            assertEquals(exactReason, assertThrows(ImageException.class, () -> fast.preprocess(cut)).reason());
        } finally {
            if (old == null) {
                System.clearProperty(TurboJpeg.PROPERTY);
            } else {
                System.setProperty(TurboJpeg.PROPERTY, old);
            }
        }
    }

    @Test
    void fastModeUsesItWithoutLibjpegTurbo() throws Exception {
        byte[] photo = FastModeTest.largePhoto(2048, 1792); // 1/8 is 256x224: just the resize target
        String old = System.getProperty(TurboJpeg.PROPERTY);
        System.setProperty(TurboJpeg.PROPERTY, "false");
        try {
            Preprocessor fast = new Preprocessor(PreprocessConfig.openai(224),
                    PreprocessOptions.defaults().withMode(PreprocessMode.FAST));
            PillowImage decoded = fast.decode(photo);
            assertEquals(256, decoded.width()); // 2048 / 8
            assertEquals(224, decoded.height());
            double[] diff = GoldenImages.diff(fast.prepareRgb(photo).samples(),
                    new Preprocessor(PreprocessConfig.openai(224)).prepareRgb(photo).samples());
            io.clipbatch.core.Golden.figure("pure-Java fast vs exact, astronaut 2048x1792 mean level diff", diff[1]);
            assertTrue(diff[1] < 2.5, "mean difference from exact " + diff[1]);
        } finally {
            if (old == null) {
                System.clearProperty(TurboJpeg.PROPERTY);
            } else {
                System.setProperty(TurboJpeg.PROPERTY, old);
            }
        }
    }

    /** The same picture re-encoded by the JDK with a restart marker every 4 MCUs. */
    private static byte[] withRestartMarkers(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
        String format = "javax_imageio_jpeg_image_1.0";
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode sequence = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
        IIOMetadataNode dri = new IIOMetadataNode("dri");
        dri.setAttribute("interval", "4");
        sequence.insertBefore(dri, sequence.getFirstChild());
        metadata.setFromTree(format, root);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, metadata), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
