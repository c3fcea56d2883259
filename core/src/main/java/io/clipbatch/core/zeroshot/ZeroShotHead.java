package io.clipbatch.core.zeroshot;

import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.Vectors;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * CLIP zero-shot classification as clip_benchmark does it: every class is the normalised mean of
 * its normalised prompt embeddings, and an image's scores are softmax(100 * image . class).
 * Built once on the driver, then shipped to executors (it is small and Serializable).
 */
public final class ZeroShotHead implements Serializable {

    private static final long serialVersionUID = 1L;

    /** CLIP's trained logit scale, exp(4.6052) = 100, which clip_benchmark applies. */
    public static final float LOGIT_SCALE = 100f;

    private final String[] labels;
    private final float[] weights; // classes x dim, row-major, rows of unit length
    private final int dim;

    private ZeroShotHead(String[] labels, float[] weights, int dim) {
        this.labels = labels;
        this.weights = weights;
        this.dim = dim;
    }

    /** Encodes every template filled with every class name (one batch) and averages per class. */
    public static ZeroShotHead build(List<String> classNames, List<String> templates, PromptEncoder encoder) {
        return buildFromSynonyms(classNames.stream().map(List::of).toList(), templates, encoder);
    }

    /**
     * Classes with one or more names each, labelled by their first: a class is the normalised mean of
     * the normalised embeddings of every template filled with every one of its names (OpenAI's
     * FER2013 protocol); with one name a class this is {@link #build(List, List, PromptEncoder)}.
     */
    public static ZeroShotHead buildFromSynonyms(List<List<String>> classNames, List<String> templates,
                                                 PromptEncoder encoder) {
        if (classNames.isEmpty() || templates.isEmpty() || classNames.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("a zero-shot head needs at least one class, one name a class and one template");
        }
        List<String> prompts = new ArrayList<>();
        int[] firstPrompt = new int[classNames.size() + 1];
        for (int c = 0; c < classNames.size(); c++) {
            firstPrompt[c] = prompts.size();
            for (String name : classNames.get(c)) {
                for (String template : templates) {
                    prompts.add(fill(template, name));
                }
            }
        }
        firstPrompt[classNames.size()] = prompts.size();
        float[][] embeddings = encoder.encode(prompts);
        if (embeddings.length != prompts.size()) {
            throw new IllegalStateException("encoder returned " + embeddings.length + " embeddings for "
                    + prompts.size() + " prompts");
        }
        float[][] classWeights = new float[classNames.size()][];
        for (int c = 0; c < classNames.size(); c++) {
            classWeights[c] = meanOfNormalised(embeddings, firstPrompt[c], firstPrompt[c + 1] - firstPrompt[c]);
        }
        return of(classNames.stream().map(names -> names.get(0)).toList(), classWeights);
    }

    /** Same, with a model's text tower and a tokenizer ({@code texts -> ids}, e.g. {@code clipTokenizer::tokenize}). */
    public static ZeroShotHead build(List<String> classNames, List<String> templates, ClipModel model,
                                     Function<List<String>, int[][]> tokenizer) {
        return build(classNames, templates, prompts -> model.encodeTexts(tokenizer.apply(prompts)));
    }

    /** {@link #buildFromSynonyms} with a model's text tower and a tokenizer. */
    public static ZeroShotHead buildFromSynonyms(List<List<String>> classNames, List<String> templates,
                                                 ClipModel model, Function<List<String>, int[][]> tokenizer) {
        return buildFromSynonyms(classNames, templates, prompts -> model.encodeTexts(tokenizer.apply(prompts)));
    }

    /** A head from ready class weights (each row is normalised here). */
    public static ZeroShotHead of(List<String> labels, float[][] classWeights) {
        if (labels.size() != classWeights.length || classWeights.length == 0) {
            throw new IllegalArgumentException(labels.size() + " labels for " + classWeights.length + " weight rows");
        }
        int dim = classWeights[0].length;
        float[] flat = new float[labels.size() * dim];
        for (int c = 0; c < classWeights.length; c++) {
            if (classWeights[c].length != dim) {
                throw new IllegalArgumentException("weight rows differ in width: " + classWeights[c].length + " vs " + dim);
            }
            System.arraycopy(Vectors.normalize(classWeights[c].clone()), 0, flat, c * dim, dim);
        }
        return new ZeroShotHead(labels.toArray(String[]::new), flat, dim);
    }

    /** The prompt for one class: {@code {c}} (clip_benchmark) or {@code {}} (OpenAI's notebooks) replaced by its name. */
    public static String fill(String template, String className) {
        if (!hasPlaceholder(template)) {
            throw new IllegalArgumentException("template '" + template + "' has no {c} or {} placeholder");
        }
        return template.contains("{c}") ? template.replace("{c}", className) : template.replace("{}", className);
    }

    /** Whether {@link #fill} can put a class name into {@code template}. */
    public static boolean hasPlaceholder(String template) {
        return template.contains("{c}") || template.contains("{}");
    }

    private static float[] meanOfNormalised(float[][] embeddings, int from, int count) {
        float[] mean = new float[embeddings[from].length];
        for (int t = 0; t < count; t++) {
            float[] e = Vectors.normalize(embeddings[from + t].clone());
            for (int i = 0; i < mean.length; i++) {
                mean[i] += e[i] / count;
            }
        }
        return Vectors.normalize(mean);
    }

    /** 100 x (image . class) for every class; {@code imageEmbedding} must be L2-normalised. */
    public float[] logits(float[] imageEmbedding) {
        if (imageEmbedding.length != dim) {
            throw new IllegalArgumentException("embedding has " + imageEmbedding.length + " values, the head " + dim);
        }
        float[] logits = new float[labels.length];
        for (int c = 0; c < labels.length; c++) {
            logits[c] = (float) (LOGIT_SCALE * Vectors.dot(imageEmbedding, weights, c));
        }
        return logits;
    }

    /** Softmax of {@link #logits}: the probability of each class. */
    public float[] probabilities(float[] imageEmbedding) {
        float[] logits = logits(imageEmbedding);
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] exp = new double[logits.length];
        for (int c = 0; c < logits.length; c++) {
            exp[c] = Math.exp(logits[c] - max);
            sum += exp[c];
        }
        float[] probabilities = new float[logits.length];
        for (int c = 0; c < logits.length; c++) {
            probabilities[c] = (float) (exp[c] / sum);
        }
        return probabilities;
    }

    /** The {@code k} most probable classes, best first; equal scores keep the lower class index first. */
    public List<Prediction> topK(float[] imageEmbedding, int k) {
        return Ranking.topK(probabilities(imageEmbedding), Arrays.asList(labels), k);
    }

    /** {@link #probabilities} for many images. */
    public float[][] probabilities(float[][] imageEmbeddings) {
        float[][] out = new float[imageEmbeddings.length][];
        for (int i = 0; i < imageEmbeddings.length; i++) {
            out[i] = probabilities(imageEmbeddings[i]);
        }
        return out;
    }

    /** {@link #topK} for many images. */
    public List<List<Prediction>> topK(float[][] imageEmbeddings, int k) {
        List<List<Prediction>> out = new ArrayList<>(imageEmbeddings.length);
        for (float[] embedding : imageEmbeddings) {
            out.add(topK(embedding, k));
        }
        return out;
    }

    public List<String> labels() {
        return List.of(labels);
    }

    public int classCount() {
        return labels.length;
    }

    public int dim() {
        return dim;
    }

    /** A copy of the class weights, classes x dim. */
    public float[][] weights() {
        float[][] out = new float[labels.length][dim];
        for (int c = 0; c < labels.length; c++) {
            System.arraycopy(weights, c * dim, out[c], 0, dim);
        }
        return out;
    }
}
