package io.clipbatch.job.eval;

import java.io.Serializable;
import java.util.List;

/**
 * A block of caption queries, broadcast to every image partition, which scores its images against
 * it and counts, up to {@link #CAP}, how many gallery items outrank each query's true match:
 * <ul>
 *   <li>for a caption, the images scoring higher with it than its own image, or as high with a
 *       lower image index;</li>
 *   <li>for an image, the captions of this block scoring higher with it than its best caption, or
 *       as high and earlier in the dataset.</li>
 * </ul>
 * A query hits at k when fewer than k outrank its true match: torch.topk's top k with ties to the
 * lower index. Only these bounded counts leave the partition, never a score.
 */
final class CaptionBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The largest k of recall@k: counting further changes nothing. */
    static final int CAP = 10;

    private final float[][] embeddings;
    private final long[] images;
    private final int[] captions;
    private final float[] positives;

    CaptionBlock(List<RetrievalQueries.Caption> queries) {
        int n = queries.size();
        embeddings = new float[n][];
        images = new long[n];
        captions = new int[n];
        positives = new float[n];
        for (int t = 0; t < n; t++) {
            RetrievalQueries.Caption q = queries.get(t);
            embeddings[t] = q.embedding();
            images[t] = q.image();
            captions[t] = q.caption();
            positives[t] = q.positive();
        }
    }

    int size() {
        return images.length;
    }

    /** What one image partition found: per caption of the block, per image of the partition. */
    static final class Counts implements Serializable {
        private static final long serialVersionUID = 1L;
        final int[] captionOutranked;
        long[] images = new long[16];
        int[] imageOutranked = new int[16];
        int imageCount;

        Counts(int captions) {
            captionOutranked = new int[captions];
        }

        void addImage(long image, int outranked) {
            if (imageCount == images.length) {
                images = java.util.Arrays.copyOf(images, 2 * imageCount);
                imageOutranked = java.util.Arrays.copyOf(imageOutranked, 2 * imageCount);
            }
            images[imageCount] = image;
            imageOutranked[imageCount++] = outranked;
        }

        /** Another partition's counts added to these (the images of different partitions differ). */
        Counts merge(Counts other) {
            for (int t = 0; t < captionOutranked.length; t++) {
                captionOutranked[t] = Math.min(CAP, captionOutranked[t] + other.captionOutranked[t]);
            }
            for (int i = 0; i < other.imageCount; i++) {
                addImage(other.images[i], other.imageOutranked[i]);
            }
            return this;
        }
    }

    /** Scores every image of a partition against the block. */
    Counts count(java.util.Iterator<RetrievalQueries.Image> partition) {
        Counts counts = new Counts(size());
        while (partition.hasNext()) {
            RetrievalQueries.Image image = partition.next();
            int outranked = image.hasCaptions() ? 0 : CAP;
            for (int t = 0; t < size(); t++) {
                float score = Similarity.score(embeddings[t], image.embedding());
                if (counts.captionOutranked[t] < CAP && (score > positives[t]
                        || (score == positives[t] && image.image() < images[t]))) {
                    counts.captionOutranked[t]++;
                }
                if (outranked < CAP && image.hasCaptions() && (score > image.best() || (score == image.best()
                        && RetrievalQueries.captionBefore(images[t], captions[t], image.image(), image.bestCaption())))) {
                    outranked++;
                }
            }
            counts.addImage(image.image(), outranked);
        }
        return counts;
    }
}
