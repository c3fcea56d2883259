package io.clipbatch.core.zeroshot;

import java.util.ArrayList;
import java.util.List;

/**
 * The k most probable classes of a probability vector, best first, equal scores keeping the lower
 * class index first. One rule for one model's softmax ({@link ZeroShotHead#topK}) and for a model
 * ensemble's weighted mean of them.
 */
public final class Ranking {
    private Ranking() {}

    public static List<Prediction> topK(float[] probabilities, List<String> labels, int k) {
        int n = Math.min(k, probabilities.length);
        List<Prediction> top = new ArrayList<>(n);
        boolean[] taken = new boolean[probabilities.length];
        for (int rank = 0; rank < n; rank++) {
            int best = -1;
            for (int c = 0; c < probabilities.length; c++) {
                if (!taken[c] && (best < 0 || probabilities[c] > probabilities[best])) {
                    best = c;
                }
            }
            taken[best] = true;
            top.add(new Prediction(labels.get(best), best, probabilities[best]));
        }
        return top;
    }
}
