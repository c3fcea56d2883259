package io.clipbatch.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Images decoded for people to look at: upright, RGB, and no smaller than the thumbnail asks. */
class DisplayImagesTest {
    @Test
    void appliesTheExifOrientation() throws ImageException {
        byte[] rotated = GoldenImages.bytes("inputs/exif_rot8.png"); // 90 x 50 stored, orientation 8
        PillowImage stored = RgbConversion.toRgb(ImageDecoder.decode(rotated, Long.MAX_VALUE).image());
        BufferedImage upright = DisplayImages.decodeRgb(rotated, Long.MAX_VALUE, 160);
        assertEquals(50, upright.getWidth());
        assertEquals(90, upright.getHeight());
        // ROTATE_90 (counter-clockwise): the stored top-right corner becomes the top-left one.
        int expected = stored.sample(89, 0, 0) << 16 | stored.sample(89, 0, 1) << 8 | stored.sample(89, 0, 2);
        assertEquals(expected, upright.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void aJpegMayComeShrunkButNeverBelowTheAskedSide() throws ImageException {
        BufferedImage image = DisplayImages.decodeRgb(GoldenImages.bytes("inputs/coffee_420.jpg"), Long.MAX_VALUE, 160);
        assertTrue(image.getWidth() >= 160 && image.getWidth() <= 360, "width " + image.getWidth());
        assertEquals(image.getWidth() * 240 / 360.0, image.getHeight(), 1.0);
        BufferedImage cmyk = DisplayImages.decodeRgb(GoldenImages.bytes("inputs/chelsea_cmyk.jpg"), Long.MAX_VALUE, 160);
        assertEquals(BufferedImage.TYPE_INT_RGB, cmyk.getType());
    }

    @Test
    void failuresAreTheDecodersReasons() {
        ImageException tooLarge = assertThrows(ImageException.class,
                () -> DisplayImages.decodeRgb(GoldenImages.bytes("inputs/coffee_420.jpg"), 1000, 160));
        assertEquals("decode: too many pixels (360x240 > 1000)", tooLarge.reason());
        assertEquals("decode: empty file",
                assertThrows(ImageException.class, () -> DisplayImages.decodeRgb(new byte[0], 1000, 160)).reason());
    }
}
