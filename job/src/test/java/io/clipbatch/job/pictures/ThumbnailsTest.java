package io.clipbatch.job.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.SparkTestSession;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailsTest {
    @TempDir
    static Path dir;

    /** Counts the finished tasks of the stages that ran under the thumbnails' job description. */
    private static final class ThumbnailTasks extends SparkListener {
        final Set<Integer> stages = ConcurrentHashMap.newKeySet();
        final AtomicInteger tasks = new AtomicInteger();

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
            if (submitted.properties() != null
                    && Thumbnails.JOB_DESCRIPTION.equals(submitted.properties().getProperty("spark.job.description"))) {
                stages.add(submitted.stageInfo().stageId());
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (stages.contains(end.stageId())) {
                tasks.incrementAndGet();
            }
        }
    }

    @Test
    void madeByASparkJobSmallAndReadableWhateverTheFormat() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path large = dir.resolve("large.jpg");
        Files.write(large, JpegEncoding.encode(stripes(640, 400), 0.9f));
        List<String> locations = new ArrayList<>(List.of(large.toString(), webpFixture(), PageFixtures.MISSING));
        ThumbnailTasks listener = new ThumbnailTasks();
        spark.sparkContext().addSparkListener(listener);
        Map<String, Thumbnail> thumbnails;
        try {
            thumbnails = Thumbnails.of(spark, locations);
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }

        assertEquals(1, listener.stages.size(), "one Spark stage makes the thumbnails");
        assertTrue(listener.tasks.get() >= 1, "its tasks ran on executors");
        assertNull(spark.sparkContext().getLocalProperty("spark.job.description"), "the caller's description is restored");
        BufferedImage small = decode(thumbnails.get(large.toString()));
        assertEquals(Thumbnails.LONGEST_SIDE, small.getWidth());
        assertEquals(100, small.getHeight());
        // Java2D's averaging keeps the one-pixel stripes' mean grey rather than aliasing to black or white.
        int grey = small.getRGB(80, 50) & 0xFF;
        assertTrue(grey > 90 && grey < 165, "a grey near 128, got " + grey);
        BufferedImage webp = decode(thumbnails.get(webpFixture()));
        assertTrue(webp.getWidth() > 0 && webp.getWidth() <= Thumbnails.LONGEST_SIDE);
        Thumbnail missing = thumbnails.get(PageFixtures.MISSING);
        assertNull(missing.dataUri());
        assertEquals("read: no such file", missing.error());
    }

    private static String webpFixture() {
        return Path.of("src/test/resources/eval/fixtures/folders/lime/img029.webp").toAbsolutePath().toString();
    }

    private static BufferedImage stripes(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        for (int x = 0; x < width; x += 2) {
            g.drawLine(x, 0, x, height - 1);
        }
        g.dispose();
        return image;
    }

    private static BufferedImage decode(Thumbnail thumbnail) throws Exception {
        assertNotNull(thumbnail.dataUri(), thumbnail.error());
        String prefix = "data:image/jpeg;base64,";
        assertTrue(thumbnail.dataUri().startsWith(prefix));
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(thumbnail.dataUri().substring(prefix.length()))));
    }
}
