package io.clipbatch.job.pictures;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Java2D shrinking for thumbnails: halvings with bilinear filtering, then one last bilinear step to
 * the size, which averages every source pixel in (a single bilinear step from far larger would skip
 * most of them and alias). Images already small enough are returned as they are; nothing is enlarged.
 */
final class Downscale {
    private Downscale() {
    }

    static BufferedImage fit(BufferedImage image, int longestSide) {
        int longest = Math.max(image.getWidth(), image.getHeight());
        if (longest <= longestSide) {
            return image;
        }
        double scale = (double) longestSide / longest;
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage current = image;
        while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
            current = resized(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return current.getWidth() == width && current.getHeight() == height ? current : resized(current, width, height);
    }

    private static BufferedImage resized(BufferedImage source, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }
}
