package io.clipbatch.job.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.job.UserError;
import java.util.Objects;

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
 */
public record ChunkPlan(int chunks, long rows, int chunkSize, String input, String pathColumn,
                        String visualSha256) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Enough chunks for {@code chunkSize} images each and for every core of the cluster. */
    public static ChunkPlan of(long rows, int chunkSize, int cores, String input, String pathColumn,
                               String visualSha256) {
        if (chunkSize < 1) {
            throw new UserError("--chunk-size must be at least 1, got " + chunkSize);
        }
        long bySize = (rows + chunkSize - 1) / chunkSize;
        long chunks = Math.max(1, Math.max(bySize, cores));
        if (chunks > Integer.MAX_VALUE) {
            throw new UserError("--chunk-size " + chunkSize + " makes " + chunks + " chunks; raise it");
        }
        return new ChunkPlan((int) chunks, rows, chunkSize, input, pathColumn, visualSha256);
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
