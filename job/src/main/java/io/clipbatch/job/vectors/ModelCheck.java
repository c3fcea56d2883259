package io.clipbatch.job.vectors;

import io.clipbatch.job.output.Provenance;
import io.clipbatch.udfs.UserError;

/**
 * Queries and stored embeddings are comparable only when one image tower made both spaces: the
 * query model's visual ONNX hash must be the one the embeddings' provenance records.
 */
public final class ModelCheck {
    private ModelCheck() {}

    /** Refuses, in one sentence, a query model other than the one that wrote {@code embeddings}, unless allowed. */
    public static void requireSameModel(StoredEmbeddings embeddings, Provenance queryModel, boolean allowMismatch) {
        if (allowMismatch) {
            return;
        }
        String ours = queryModel.entries().get(Provenance.VISUAL_SHA256);
        String theirs = embeddings.visualSha256().orElseThrow(() -> new UserError("--embeddings "
                + embeddings.uri() + " record no " + Provenance.VISUAL_SHA256
                + ", so the model that wrote them is unknown; pass --allow-model-mismatch to search them anyway"));
        if (!theirs.equals(ours)) {
            throw new UserError("--model's image tower (sha256 " + abbreviated(ours) + ") is not the one that wrote --embeddings "
                    + embeddings.uri() + " (sha256 " + abbreviated(theirs)
                    + "), so their scores would mean nothing; pass --allow-model-mismatch to search anyway");
        }
    }

    private static String abbreviated(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) + "…" : sha256;
    }
}
