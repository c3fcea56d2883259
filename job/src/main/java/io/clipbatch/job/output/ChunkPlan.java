package io.clipbatch.job.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.udfs.UserError;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How a run cuts its input into chunks, fixed by the first run and kept in the output, so that a
 * resumed run cuts the same input the same way.
 *
 * @param chunks        how many chunks; chunk k is Spark partition k of the input hash-partitioned by path
 * @param rows          input rows when the plan was made; a resumed run checks it still has as many
 * @param chunkSize     the images per chunk that was asked for
 * @param input         the input's URI, for the reader's information
 * @param pathColumn    the column whose hash decides each row's chunk
 * @param visualSha256  the image tower's hash: a resumed run must not mix two models' embeddings
 * @param scoring       what else decides a row's columns and values (preprocessing, embedding type,
 *                      zero-shot prompts and top-k), from the provenance; null in plans written
 *                      before it was kept, which are then not checked for it
 */
public record ChunkPlan(int chunks, long rows, int chunkSize, String input, String pathColumn,
                        String visualSha256, Map<String, String> scoring) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Provenance that may differ between the runs of one output: nothing in a row depends on it. */
    private static final Set<String> NOT_SCORING = Set.of("clip_batch.version", "clip_batch.bundle");

    /**
     * Enough chunks for {@code chunkSize} images each and for every core of the cluster, but never
     * more chunks than rows (an empty input gets one chunk).
     */
    public static ChunkPlan of(long rows, int chunkSize, int cores, String input, String pathColumn,
                               String visualSha256) {
        if (chunkSize < 1) {
            throw new UserError("--chunk-size must be at least 1, got " + chunkSize);
        }
        long bySize = (rows + chunkSize - 1) / chunkSize;
        long chunks = Math.max(1, Math.min(rows, Math.max(bySize, cores)));
        if (chunks > Integer.MAX_VALUE) {
            throw new UserError("--chunk-size " + chunkSize + " makes " + chunks + " chunks; raise it");
        }
        return new ChunkPlan((int) chunks, rows, chunkSize, input, pathColumn, visualSha256, null);
    }

    public ChunkPlan withScoring(Map<String, String> scoringSettings) {
        return new ChunkPlan(chunks, rows, chunkSize, input, pathColumn, visualSha256, scoringSettings);
    }

    /** The provenance entries that decide what a row holds. */
    public static Map<String, String> scoringOf(Map<String, String> provenance) {
        Map<String, String> scoring = new TreeMap<>(provenance);
        scoring.keySet().removeAll(NOT_SCORING);
        return scoring;
    }

    /** Why a resumed run with this plan cannot continue {@code earlier}, or null when it can. */
    public String conflictWith(ChunkPlan earlier) {
        if (earlier.rows != rows) {
            return "the input now has " + rows + " rows but had " + earlier.rows + " when the output was started";
        }
        if (!earlier.pathColumn.equals(pathColumn)) {
            return "the output was started with path column '" + earlier.pathColumn + "', not '" + pathColumn + "'";
        }
        if (!Objects.equals(earlier.visualSha256, visualSha256)) {
            return "the output was started with another model (image tower sha256 " + earlier.visualSha256 + ")";
        }
        if (earlier.scoring != null && scoring != null) {
            Set<String> keys = new TreeSet<>(earlier.scoring.keySet());
            keys.addAll(scoring.keySet());
            for (String key : keys) {
                if (!Objects.equals(earlier.scoring.get(key), scoring.get(key))) {
                    return "the output was started with " + key + " = " + earlier.scoring.get(key) + ", not "
                            + scoring.get(key) + " (a resumed run must score as the first one did)";
                }
            }
        }
        return null;
    }

    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ChunkPlan fromJson(String json, String where) {
        try {
            return JSON.readValue(json, ChunkPlan.class);
        } catch (JsonProcessingException e) {
            throw new UserError(where + " is not a clip-batch chunk plan: " + e.getOriginalMessage());
        }
    }
}
