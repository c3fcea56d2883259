package io.clipbatch.job.eval;

import java.io.Serializable;

/** The two kinds of retrieval query, each with the score its first true match must beat the others by. */
final class RetrievalQueries {
    private RetrievalQueries() {}

    /**
     * A caption as an image-retrieval query: its own image and the score it has with it.
     *
     * @param image   its image's index
     * @param caption its position among that image's captions
     */
    record Caption(long image, int caption, float[] embedding, float positive) implements Serializable {
    }

    /**
     * An image as a text-retrieval query: its best caption (the highest score, ties to the lower
     * caption index) and that score; {@code bestCaption} is -1 for an image without captions.
     */
    record Image(long image, float[] embedding, float best, int bestCaption) implements Serializable {
        boolean hasCaptions() {
            return bestCaption >= 0;
        }
    }

    /**
     * Whether caption (image {@code image}, position {@code caption}) comes before caption
     * ({@code otherImage}, {@code otherCaption}) in the dataset's order: the tie rule for captions.
     */
    static boolean captionBefore(long image, int caption, long otherImage, int otherCaption) {
        return image < otherImage || (image == otherImage && caption < otherCaption);
    }
}
