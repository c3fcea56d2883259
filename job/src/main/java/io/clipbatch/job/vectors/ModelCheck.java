package io.clipbatch.job.vectors;

import io.clipbatch.job.output.Provenance;
import io.clipbatch.udfs.UserError;
import java.util.Set;

/**
 * Queries and stored embeddings are comparable only when one image tower made both spaces: the
 * query model's visual ONNX hash must be the one the embeddings' provenance records (a Parquet
 * footer, or a lake table's rows), and all the rows must come from one model.
 */
public final class ModelCheck {
    private ModelCheck() {}

    /** Refuses, in one sentence, a query model other than the one that wrote {@code embeddings}, unless allowed. */
    public static void requireSameModel(StoredEmbeddings embeddings, Provenance queryModel, boolean allowMismatch) {
        if (allowMismatch) {
            return;
        }
        String ours = queryModel.entries().get(Provenance.VISUAL_SHA256);
        Set<String> written = embeddings.visualSha256s();
        if (written.isEmpty()) {
            throw new UserError("--embeddings " + embeddings.uri() + " record no " + Provenance.VISUAL_SHA256
                    + ", so the model that wrote them is unknown; pass --allow-model-mismatch to search them anyway");
        }
        requireOneModel(embeddings, written, "pass --allow-model-mismatch to search them all anyway");
        String theirs = written.iterator().next();
        if (!theirs.equals(ours)) {
            throw new UserError("--model's image tower (sha256 " + abbreviated(ours) + ") is not the one that wrote --embeddings "
                    + embeddings.uri() + " (sha256 " + abbreviated(theirs)
                    + "), so their scores would mean nothing; pass --allow-model-mismatch to search anyway");
        }
    }

    /**
     * Refuses, in one sentence, rows that several image towers wrote (a lake table whose rows'
     * {@code model_sha256} differ): their vectors lie in different spaces. {@code orElse}, when not
     * null, ends the sentence with the command's other way out.
     */
    public static void requireOneModel(StoredEmbeddings embeddings, Set<String> written, String orElse) {
        if (written.size() > 1) {
            throw new UserError("--embeddings " + embeddings.uri() + " holds rows of more than one model (model_sha256 "
                    + String.join(", ", written) + "), whose embeddings are not comparable: keep one model's rows"
                    + " with --where \"model_sha256 = '...'\"" + (orElse == null ? "" : ", or " + orElse));
        }
    }

    private static String abbreviated(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) + "…" : sha256;
    }
}
