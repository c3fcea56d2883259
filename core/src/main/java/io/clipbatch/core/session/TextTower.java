package io.clipbatch.core.session;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.clipbatch.core.bundle.TensorSpec;
import io.clipbatch.core.bundle.TowerSignature;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** The text tower: token-id rows (SOT ... EOT, zero-padded) in, unit-length embeddings out. */
final class TextTower extends Tower {

    private final TensorSpec ids;
    private final TensorSpec attentionMask;
    private final int contextLength;
    private final int rowsPerRun;

    TextTower(Path model, SessionSettings settings, int embedDim, int contextLength) {
        super(model, settings, embedDim);
        this.ids = tower.checkedInput(TowerSignature.textInput(tower.inputs()), 2, "[N, L] token-id",
                TensorSpec.INT32, TensorSpec.INT64);
        TensorSpec mask = TowerSignature.attentionMask(tower.inputs());
        this.attentionMask = mask == null ? null
                : tower.checkedInput(mask, 2, "[N, L] attention-mask", TensorSpec.INT32, TensorSpec.INT64);
        this.contextLength = contextLength;
        this.rowsPerRun = TowerSession.rowsPerRun(ids, settings.maxBatchSize());
    }

    float[][] encode(int[][] tokenIds) {
        for (int[] row : tokenIds) {
            if (row.length != contextLength) {
                throw new IllegalArgumentException("token rows must be " + contextLength + " long, got " + row.length);
            }
        }
        return TowerSession.inPieces(ids, rowsPerRun, tokenIds.length,
                (start, prompts, rows) -> run(tokenIds, start, prompts, rows));
    }

    private float[][] run(int[][] tokenIds, int start, int prompts, int rows) {
        long[] shape = {rows, contextLength};
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            feeds.put(ids.name(), Tensors.ints(tokenIds, start, prompts, shape, ids.elementType(), Tensors.SLOT_MAIN));
            if (attentionMask != null) {
                int[][] mask = attentionMask(tokenIds, start, prompts);
                feeds.put(attentionMask.name(), Tensors.ints(mask, 0, prompts, shape, attentionMask.elementType(),
                        Tensors.SLOT_MASK));
            }
        } catch (OrtException | RuntimeException e) {
            feeds.values().forEach(OnnxTensor::close);
            throw new SessionException("Cannot build the token tensors for " + tower.model() + ": " + e.getMessage(), e);
        }
        return tower.run(feeds, prompts);
    }

    /**
     * 1 up to and including the EOT token, 0 after it. EOT is found as the model pools it: the
     * first position of the highest id (EOT is the last id of CLIP's vocabulary).
     */
    static int[][] attentionMask(int[][] tokenIds, int start, int count) {
        int[][] mask = new int[count][];
        for (int r = 0; r < count; r++) {
            int[] row = tokenIds[start + r];
            int eot = 0;
            for (int i = 1; i < row.length; i++) {
                if (row[i] > row[eot]) {
                    eot = i;
                }
            }
            mask[r] = new int[row.length];
            Arrays.fill(mask[r], 0, eot + 1, 1);
        }
        return mask;
    }
}
