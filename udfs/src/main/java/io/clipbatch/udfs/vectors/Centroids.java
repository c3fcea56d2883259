package io.clipbatch.udfs.vectors;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Cluster centres and the rule that assigns a vector to them: its nearest centre, and every other centre
 * whose Voronoi cell might hold a vector within the threshold's distance of it.
 *
 * <p>The rule. For unit vectors, {@code cos(x, y) ≥ t} is {@code ‖x − y‖ ≤ r} with {@code r = sqrt(2 − 2t)}.
 * Let {@code a} be x's nearest centre. If y's nearest centre is some {@code c ≠ a}, y lies on c's side
 * of the bisecting hyperplane between a and c, and x on a's side, so the segment from x to y crosses that
 * hyperplane and x's distance to it is at most {@code ‖x − y‖ ≤ r}. That distance is
 * {@code (‖x − c‖² − ‖x − a‖²) / (2 ‖c − a‖)}. So x is also assigned to every c for which it is at most
 * {@code r} (plus a small allowance for float rounding). Then for every pair with {@code cos ≥ t}, each
 * vector is assigned to the other's nearest centre, so the pair shares at least one cluster. The guarantee
 * holds for any centres, good or bad: KMeans only decides how much work the comparisons take, never which
 * pairs are found.
 */
public final class Centroids implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Float rounding in the distances (they come from a float sgemm of unit vectors) stays far below this. */
    static final double ROUNDING_ALLOWANCE = 1e-4;

    private final float[] centres;
    private final int count;
    private final int width;
    private final float[] squaredNorms;
    private final float[] distances;
    private final double radius;
    private final int spread;

    /** The margin rule unbounded: every pair at or above {@code threshold} shares a cluster. */
    public Centroids(float[] centres, int count, int width, double threshold) {
        this(centres, count, width, threshold, 0);
    }

    /**
     * {@code centres}: row-major, {@code count × width}; {@code threshold}: the cosine pairs must reach;
     * {@code spread}: the most clusters a vector goes to (the nearest of those the margin rule picks), 0 for no bound.
     * A bound keeps the work linear on data whose borders are crowded, and loses the guarantee: what it keeps
     * is measured (docs/dedup.md).
     */
    public Centroids(float[] centres, int count, int width, double threshold, int spread) {
        this.centres = centres;
        this.count = count;
        this.width = width;
        this.squaredNorms = new float[count];
        for (int c = 0; c < count; c++) {
            squaredNorms[c] = (float) dot(centres, c, centres, c, width);
        }
        this.distances = new float[count * count];
        for (int a = 0; a < count; a++) {
            for (int b = 0; b < count; b++) {
                double sq = squaredNorms[a] + squaredNorms[b] - 2 * dot(centres, a, centres, b, width);
                distances[a * count + b] = (float) Math.sqrt(Math.max(0, sq));
            }
        }
        this.radius = radiusOf(threshold);
        this.spread = spread;
    }

    /** The largest distance between unit vectors whose cosine is at least {@code threshold}. */
    public static double radiusOf(double threshold) {
        return Math.sqrt(Math.max(0, 2 - 2 * threshold));
    }

    public int count() {
        return count;
    }

    public int width() {
        return width;
    }

    /** The clusters of each of the {@code rows} vectors in the row-major {@code block}, ascending. */
    public int[][] clustersOf(float[] block, int rows) {
        float[] dots = BlockCosines.times(block, rows, centres, count, width);
        int[][] out = new int[rows][];
        double[] squared = new double[count];
        int[] chosen = new int[count];
        for (int i = 0; i < rows; i++) {
            double own = dot(block, i, block, i, width);
            int nearest = 0;
            for (int c = 0; c < count; c++) {
                squared[c] = own + squaredNorms[c] - 2.0 * dots[i * count + c];
                if (squared[c] < squared[nearest]) {
                    nearest = c;
                }
            }
            int n = 0;
            for (int c = 0; c < count; c++) {
                if (c == nearest || withinMargin(squared[c] - squared[nearest], distances[nearest * count + c])) {
                    chosen[n++] = c;
                }
            }
            out[i] = spread > 0 && n > spread ? nearestOf(chosen, n, squared) : Arrays.copyOf(chosen, n);
        }
        return out;
    }

    /** The {@code spread} nearest of the {@code n} chosen centres, ascending by centre. */
    private int[] nearestOf(int[] chosen, int n, double[] squared) {
        Integer[] byDistance = new Integer[n];
        for (int j = 0; j < n; j++) {
            byDistance[j] = chosen[j];
        }
        Arrays.sort(byDistance, (x, y) -> Double.compare(squared[x], squared[y]));
        int[] kept = new int[spread];
        for (int j = 0; j < spread; j++) {
            kept[j] = byDistance[j];
        }
        Arrays.sort(kept);
        return kept;
    }

    /** Whether the hyperplane between the nearest centre and this one is within the radius of the vector. */
    private boolean withinMargin(double squaredGap, float centreDistance) {
        if (centreDistance == 0) {
            return true;   // two identical centres: the cells coincide
        }
        return squaredGap / (2.0 * centreDistance) <= radius + ROUNDING_ALLOWANCE;
    }

    private static double dot(float[] a, int row, float[] b, int other, int width) {
        double sum = 0;
        int ai = row * width;
        int bi = other * width;
        for (int k = 0; k < width; k++) {
            sum += (double) a[ai + k] * b[bi + k];
        }
        return sum;
    }
}
