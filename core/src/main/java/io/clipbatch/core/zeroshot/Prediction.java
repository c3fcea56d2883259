package io.clipbatch.core.zeroshot;

import java.io.Serializable;

/**
 * One class of a zero-shot prediction.
 *
 * @param label the class name
 * @param index the class's position in the head
 * @param score its softmax probability
 */
public record Prediction(String label, int index, float score) implements Serializable {
}
