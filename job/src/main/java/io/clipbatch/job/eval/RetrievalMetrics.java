package io.clipbatch.job.eval;

import io.clipbatch.job.datasets.CaptionedImages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.Optional;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * clip_benchmark's zero-shot retrieval recall@{1,5,10}, computed distributed and blocked: the
 * caption x image score matrix is never held anywhere whole.
 * <ol>
 *   <li>Each caption's score with its own image, and each image's best caption, by a join on the
 *       image index.</li>
 *   <li>The captions reach the driver a block at a time; each block is broadcast, every image
 *       partition scores its images against it and returns bounded counts ({@link CaptionBlock}).</li>
 *   <li>A caption's count is complete after its block; an image's is summed over the blocks.</li>
 * </ol>
 * Ties go to the lower index: images in dataset order, captions in dataset order (image by image,
 * line by line).
 */
final class RetrievalMetrics {
    /** Captions per broadcast block: 8,192 x 768 floats is 24 MiB. */
    static final int CAPTIONS_PER_BLOCK = 8192;

    private RetrievalMetrics() {}

    /**
     * @param images   {@code image_index}, {@code embedding}: the images that scored
     * @param captions {@code image_index}, {@code caption_index}, {@code embedding}: their captions
     */
    static RetrievalRecall compute(Dataset<Row> images, Dataset<Row> captions, int captionsPerBlock) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(images.sparkSession().sparkContext());
        JavaPairRDD<Long, float[]> imageVectors = images.select(CaptionedImages.IMAGE_INDEX, "embedding").javaRDD()
                .mapToPair(r -> new Tuple2<>(r.getLong(0), floats(r, 1)));
        JavaRDD<RetrievalQueries.Caption> captionQueries = captions
                .select(CaptionedImages.IMAGE_INDEX, "caption_index", "embedding").javaRDD()
                .mapToPair(r -> new Tuple2<>(r.getLong(0), new Tuple2<>(r.getInt(1), floats(r, 2))))
                .join(imageVectors)
                .map(p -> new RetrievalQueries.Caption(p._1(), p._2()._1()._1(), p._2()._1()._2(),
                        Similarity.score(p._2()._1()._2(), p._2()._2())))
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaPairRDD<Long, Tuple2<Float, Integer>> best = captionQueries
                .mapToPair(q -> new Tuple2<>(q.image(), new Tuple2<>(q.positive(), q.caption())))
                .reduceByKey(RetrievalMetrics::better);
        JavaRDD<RetrievalQueries.Image> imageQueries = imageVectors.leftOuterJoin(best)
                .map(p -> imageQuery(p._1(), p._2()._1(), p._2()._2()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return blocked(jsc, imageQueries, captionQueries, captionsPerBlock);
        } finally {
            captionQueries.unpersist();
            imageQueries.unpersist();
        }
    }

    private static RetrievalRecall blocked(JavaSparkContext jsc, JavaRDD<RetrievalQueries.Image> imageQueries,
                                           JavaRDD<RetrievalQueries.Caption> captionQueries, int captionsPerBlock) {
        long[] captionHits = new long[RetrievalRecall.KS.length];
        Map<Long, Integer> imageOutranked = new HashMap<>();
        long captionCount = 0;
        List<RetrievalQueries.Caption> pending = new ArrayList<>(captionsPerBlock);
        Iterator<RetrievalQueries.Caption> stream = captionQueries.toLocalIterator();
        while (stream.hasNext()) {
            pending.add(stream.next());
            if (pending.size() < captionsPerBlock && stream.hasNext()) {
                continue;
            }
            CaptionBlock.Counts counts = scoreBlock(jsc, imageQueries, new CaptionBlock(pending));
            for (int outranked : counts.captionOutranked) {
                tally(captionHits, outranked);
            }
            for (int i = 0; i < counts.imageCount; i++) {
                imageOutranked.merge(counts.images[i], counts.imageOutranked[i],
                        (a, b) -> Math.min(CaptionBlock.CAP, a + b));
            }
            captionCount += pending.size();
            pending.clear();
        }
        // Without captions no block ran: every image misses (clip_benchmark's 0/0 recall is no hit).
        long imageCount = captionCount == 0 ? imageQueries.count() : imageOutranked.size();
        long[] imageHits = new long[RetrievalRecall.KS.length];
        imageOutranked.values().forEach(outranked -> tally(imageHits, outranked));
        return RetrievalRecall.of(imageCount, captionCount, captionHits, imageHits);
    }

    /** One block against every image partition; the partitions' counts merged in a tree, not on the driver. */
    private static CaptionBlock.Counts scoreBlock(JavaSparkContext jsc, JavaRDD<RetrievalQueries.Image> imageQueries,
                                                  CaptionBlock block) {
        Broadcast<CaptionBlock> shared = jsc.broadcast(block);
        try {
            int size = block.size();
            return imageQueries.mapPartitions(partition -> List.of(shared.value().count(partition)).iterator())
                    .treeAggregate(new CaptionBlock.Counts(size), CaptionBlock.Counts::merge,
                            CaptionBlock.Counts::merge);
        } finally {
            shared.destroy();
        }
    }

    private static void tally(long[] hits, int outranked) {
        for (int k = 0; k < hits.length; k++) {
            hits[k] += outranked < RetrievalRecall.KS[k] ? 1 : 0;
        }
    }

    /** The better of two (score, caption index) pairs: the higher score, ties to the lower index. */
    private static Tuple2<Float, Integer> better(Tuple2<Float, Integer> a, Tuple2<Float, Integer> b) {
        float sa = a._1();
        float sb = b._1();
        return sa > sb || (sa == sb && a._2() < b._2()) ? a : b;
    }

    private static RetrievalQueries.Image imageQuery(long image, float[] embedding,
                                                     Optional<Tuple2<Float, Integer>> best) {
        return best.isPresent() ? new RetrievalQueries.Image(image, embedding, best.get()._1(), best.get()._2())
                : new RetrievalQueries.Image(image, embedding, Float.NaN, -1);
    }

    private static float[] floats(Row row, int i) {
        List<Float> values = row.getList(i);
        float[] out = new float[values.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = values.get(j);
        }
        return out;
    }
}
