package io.clipbatch.job.pictures;

import io.clipbatch.core.image.DisplayImages;
import io.clipbatch.core.image.ImageException;
import io.clipbatch.core.pipeline.ReadException;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.partition.ImageReader;
import io.clipbatch.udfs.partition.SerializableConfiguration;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of {@link Thumbnails}: each image read through Hadoop (so {@code s3a://} works),
 * decoded by the core decoders, shrunk and stored as a small JPEG. A file that cannot be read or
 * decoded becomes a {@link Thumbnail} with its reason, never a failed task: a page must not fail
 * because one image of a thousand is gone.
 */
final class ThumbnailMaker implements FlatMapFunction<Iterator<String>, Thumbnail> {
    private static final long serialVersionUID = 1L;
    private static final float JPEG_QUALITY = 0.85f;

    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final int longestSide;

    ThumbnailMaker(Broadcast<SerializableConfiguration> hadoopConf, int longestSide) {
        this.hadoopConf = hadoopConf;
        this.longestSide = longestSide;
    }

    @Override
    public Iterator<Thumbnail> call(Iterator<String> locations) {
        ImageReader reader = new ImageReader(hadoopConf.value(), ScoringSpec.DEFAULT_MAX_FILE_BYTES);
        List<Thumbnail> made = new ArrayList<>();
        while (locations.hasNext()) {
            made.add(make(reader, locations.next()));
        }
        return made.iterator();
    }

    private Thumbnail make(ImageReader reader, String location) {
        try {
            BufferedImage image = DisplayImages.decodeRgb(reader.read(location), ScoringSpec.DEFAULT_MAX_PIXELS, longestSide);
            return Thumbnail.of(location, "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(JpegEncoding.encode(Downscale.fit(image, longestSide), JPEG_QUALITY)));
        } catch (ReadException e) {
            return Thumbnail.failed(location, e.getMessage());
        } catch (ImageException e) {
            return Thumbnail.failed(location, e.reason());
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            return Thumbnail.failed(location, "thumbnail: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
