package io.clipbatch.core.session;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.clipbatch.core.bundle.TensorSpec;
import io.clipbatch.core.bundle.TowerSignature;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** The image tower: preprocessed CHW float pixels in, unit-length embeddings out. */
final class ImageTower extends Tower {

    private final TensorSpec input;
    private final int size;
    private final int rowsPerRun;

    ImageTower(Path model, SessionSettings settings, int embedDim, int size) {
        super(model, settings, embedDim);
        this.input = tower.checkedInput(TowerSignature.imageInput(tower.inputs()), 4, "[N, 3, H, W] image",
                TensorSpec.FLOAT, TensorSpec.FLOAT16);
        this.size = size;
        this.rowsPerRun = TowerSession.rowsPerRun(input, settings.maxBatchSize());
    }

    /** Embeds {@code count} images laid out one after another in {@code pixels}, each 3 x size x size. */
    float[][] encode(float[] pixels, int count) {
        return encode(FloatBuffer.wrap(pixels), count);
    }

    /** The same for pixels in a buffer (absolute indices from 0); direct float32 batches run in place. */
    float[][] encode(FloatBuffer pixels, int count) {
        int perImage = 3 * size * size;
        if (count < 0 || pixels.capacity() < (long) count * perImage) {
            throw new IllegalArgumentException(count + " images of 3x" + size + "x" + size + " need "
                    + (long) count * perImage + " floats, got " + pixels.capacity());
        }
        return TowerSession.inPieces(input, rowsPerRun, count, (start, images, rows) -> {
            try {
                OnnxTensor tensor = Tensors.floats(pixels, start * perImage, images * perImage,
                        new long[] {rows, 3, size, size}, input.elementType());
                return tower.run(Map.of(input.name(), tensor), images);
            } catch (OrtException e) {
                throw new SessionException("Cannot build the image tensor for " + tower.model() + ": " + e.getMessage(), e);
            }
        });
    }
}
