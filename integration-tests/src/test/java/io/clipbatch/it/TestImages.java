package io.clipbatch.it;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Distinct photo-sized images made from a seed, so the tests need no image files. */
final class TestImages {
    private TestImages() {}

    /** A {@code width x height} image: a gradient and shapes whose colours and places follow the seed. */
    static BufferedImage picture(int seed, int width, int height) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt(0xFFFFFF)), width, height,
                new Color(random.nextInt(0xFFFFFF))));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillOval(random.nextInt(width), random.nextInt(height), 10 + random.nextInt(width / 2),
                    10 + random.nextInt(height / 2));
        }
        g.dispose();
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Image {@code index} of a data set: JPEG mostly, every fifth one PNG. */
    static byte[] photo(int index) {
        return encode(picture(index, 320, 240), index % 5 == 4 ? "png" : "jpg");
    }

    static String photoName(int index) {
        return String.format("photos/%04d.%s", index, index % 5 == 4 ? "png" : "jpg");
    }
}
