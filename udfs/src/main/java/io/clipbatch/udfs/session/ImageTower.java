package io.clipbatch.udfs.session;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.clipbatch.udfs.bundle.TensorSpec;
import io.clipbatch.udfs.bundle.TowerSignature;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** The image tower: preprocessed CHW float pixels in, unit-length embeddings out. */
final class ImageTower implements AutoCloseable {

    private final TowerSession tower;
    private final TensorSpec input;
    private final int size;
    private final int rowsPerRun;

    ImageTower(Path model, SessionSettings settings, int embedDim, int size) {
        this.tower = TowerSession.open(model, settings, embedDim);
        this.input = TowerSignature.imageInput(tower.inputs());
        this.size = size;
        if (input == null || input.rank() != 4) {
            tower.close();
            throw new SessionException(model + " has no [N, 3, H, W] image input (found " + tower.inputs() + ").");
        }
        try {
            TowerSession.requireType(model, input, TensorSpec.FLOAT, TensorSpec.FLOAT16);
        } catch (SessionException e) {
            tower.close();
            throw e;
        }
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
        float[][] embeddings = new float[count][];
        for (int start = 0; start < count; start += rowsPerRun) {
            int images = Math.min(rowsPerRun, count - start);
            int rows = TowerSession.fixedBatch(input) ? rowsPerRun : images;
            long[] shape = {rows, 3, size, size};
            try {
                OnnxTensor tensor = Tensors.floats(pixels, start * perImage, images * perImage, shape,
                        input.elementType());
                System.arraycopy(tower.run(Map.of(input.name(), tensor), images), 0, embeddings, start, images);
            } catch (OrtException e) {
                throw new SessionException("Cannot build the image tensor for " + tower.model() + ": " + e.getMessage(), e);
            }
        }
        return embeddings;
    }

    Device device() {
        return tower.device();
    }

    @Override
    public void close() {
        tower.close();
    }

    @Override
    public String toString() {
        return tower.toString();
    }
}
