package io.clipbatch.job.vectors;

/**
 * One query of a search: what the user asked (a text, or an image's path) and its embedding.
 *
 * @param label  the {@code query} column of the results
 * @param vector the query's embedding, of the stored embeddings' width
 */
public record SearchQuery(String label, float[] vector) {}
