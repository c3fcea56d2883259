package io.clipbatch.job.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * clip_benchmark's zero-shot retrieval metrics of one run, as fractions (null without queries).
 * {@code image_retrieval_recall@k}: the share of captions whose own image is among the k images
 * scoring highest with it. {@code text_retrieval_recall@k}: the share of images with at least one
 * of their own captions among the k captions scoring highest with them.
 *
 * @param images   the images (text-retrieval queries, image-retrieval gallery)
 * @param captions the captions (image-retrieval queries, text-retrieval gallery)
 */
public record RetrievalRecall(long images, long captions, Float imageR1, Float imageR5, Float imageR10,
                              Float textR1, Float textR5, Float textR10) {
    /** The k of recall@k, in column order. */
    public static final int[] KS = {1, 5, 10};

    /** clip_benchmark's names of the six metrics, in column order. */
    public static List<String> names() {
        return List.of("image_retrieval_recall@1", "image_retrieval_recall@5", "image_retrieval_recall@10",
                "text_retrieval_recall@1", "text_retrieval_recall@5", "text_retrieval_recall@10");
    }

    /** The metrics under clip_benchmark's names, as fractions. */
    public Map<String, Float> byName() {
        Float[] values = {imageR1, imageR5, imageR10, textR1, textR5, textR10};
        Map<String, Float> out = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            out.put(names().get(i), values[i]);
        }
        return out;
    }

    /** From hit counts at each k of {@link #KS}: fp32 ratios, as clip_benchmark's {@code float().mean()}. */
    static RetrievalRecall of(long images, long captions, long[] captionHits, long[] imageHits) {
        return new RetrievalRecall(images, captions, ratio(captionHits[0], captions), ratio(captionHits[1], captions),
                ratio(captionHits[2], captions), ratio(imageHits[0], images), ratio(imageHits[1], images),
                ratio(imageHits[2], images));
    }

    private static Float ratio(long hits, long total) {
        return total == 0 ? null : (float) hits / (float) total;
    }
}
