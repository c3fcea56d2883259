package io.clipbatch.udfs.vectors;

import java.util.SplittableRandom;

/**
 * Generated unit vectors with planted near-duplicates, for measuring recall against exact all-pairs.
 * Random unit vectors alone have no pair near 0.95, and real embeddings are clustered, so the vectors
 * come in three levels: topics (random directions); scenes around a topic (cosine about 0.6 with each
 * other, far below any useful threshold); and, for some scenes, copies (the scene plus a little noise,
 * cosine 0.96 to 0.995 with it), as re-encoded, resized or cropped images would be.
 *
 * @param vectors unit vectors
 * @param scene   the scene each vector is, or is a copy of
 */
public record PlantedVectors(float[][] vectors, int[] scene) {
    public static final int SCENES_PER_TOPIC = 200;
    /** Share of a scene's direction that is its topic's: scenes of one topic have cosine about this. */
    static final double TOPIC_SHARE = 0.6;

    /**
     * {@code n} vectors of {@code width}: scenes, and copies of about {@code duplicateShare} of them (one to
     * four copies each), in a shuffled order.
     */
    public static PlantedVectors generate(int n, int width, double duplicateShare, long seed) {
        return slice(n, width, duplicateShare, seed, Math.max(1, n / SCENES_PER_TOPIC), seed);
    }

    /**
     * One slice of a larger set, so that executors can generate theirs: the {@code topics} come from
     * {@code seed} alone (the same in every slice), the scenes and copies from {@code sliceSeed}.
     */
    public static PlantedVectors slice(int n, int width, double duplicateShare, long seed, int topics, long sliceSeed) {
        SplittableRandom topicRandom = new SplittableRandom(seed);
        float[][] vectors = new float[n][];
        int[] scene = new int[n];
        float[][] topicDirections = new float[topics][];
        for (int t = 0; t < topics; t++) {
            topicDirections[t] = unit(gaussian(topicRandom, width));
        }
        SplittableRandom random = topicRandom.split();
        if (sliceSeed != seed) {
            random = new SplittableRandom(sliceSeed);
        }
        int i = 0;
        int scenes = 0;
        while (i < n) {
            float[] topic = topicDirections[random.nextInt(topics)];
            float[] base = mix(topic, Math.sqrt(TOPIC_SHARE), unit(gaussian(random, width)), Math.sqrt(1 - TOPIC_SHARE));
            int id = scenes++;
            vectors[i] = base;
            scene[i++] = id;
            int copies = random.nextDouble() < duplicateShare ? 1 + random.nextInt(4) : 0;
            for (int c = 0; c < copies && i < n; c++) {
                double cosine = 0.96 + 0.035 * random.nextDouble();
                vectors[i] = mix(base, cosine, unit(orthogonal(gaussian(random, width), base)), Math.sqrt(1 - cosine * cosine));
                scene[i++] = id;
            }
        }
        shuffle(vectors, scene, random);
        return new PlantedVectors(vectors, scene);
    }

    private static float[] gaussian(SplittableRandom random, int width) {
        float[] v = new float[width];
        for (int k = 0; k < width; k++) {
            // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
            double u = 1 - random.nextDouble();
            v[k] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return v;
    }

    private static float[] orthogonal(float[] v, float[] unit) {
        double along = 0;
        for (int k = 0; k < v.length; k++) {
            along += (double) v[k] * unit[k];
        }
        for (int k = 0; k < v.length; k++) {
            v[k] -= (float) (along * unit[k]);
        }
        return v;
    }

    private static float[] mix(float[] a, double wa, float[] b, double wb) {
        float[] out = new float[a.length];
        for (int k = 0; k < a.length; k++) {
            out[k] = (float) (wa * a[k] + wb * b[k]);
        }
        return unit(out);
    }

    private static float[] unit(float[] v) {
        return io.clipbatch.core.session.Vectors.normalize(v);
    }

    private static void shuffle(float[][] vectors, int[] scene, SplittableRandom random) {
        for (int i = vectors.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float[] v = vectors[i];
            vectors[i] = vectors[j];
            vectors[j] = v;
            int s = scene[i];
            scene[i] = scene[j];
            scene[j] = s;
        }
    }
}
