package io.clipbatch.job.eval;

/**
 * The retrieval score of a caption and an image: the dot product of their normalised embeddings,
 * summed in double and rounded once to float, so that it is the same number wherever it is computed
 * (a positive pair's score and the same pair met in a block must compare equal) and differs from an
 * fp32 matrix product by at most one rounding.
 */
final class Similarity {
    private Similarity() {}

    static float score(float[] caption, float[] image) {
        double sum = 0;
        for (int i = 0; i < caption.length; i++) {
            sum += (double) caption[i] * image[i];
        }
        return (float) sum;
    }
}
