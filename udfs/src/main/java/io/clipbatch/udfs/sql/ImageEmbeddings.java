package io.clipbatch.udfs.sql;

import io.clipbatch.core.image.ImageException;
import io.clipbatch.core.image.PreprocessOptions;
import io.clipbatch.core.image.Preprocessor;
import io.clipbatch.core.pipeline.ReadException;
import io.clipbatch.udfs.partition.ImageReader;
import io.clipbatch.udfs.partition.SerializableConfiguration;
import java.io.Serializable;
import org.apache.spark.sql.api.java.UDF1;

/**
 * The executor side of {@code clip_image_embedding}: one image, from a path read through Hadoop or
 * from its bytes, preprocessed as the reference does and embedded by the image tower. An image that
 * cannot be read or decoded fails the query with one sentence naming it: this function is for a
 * handful of query images, and {@code clip_score} is the one that records errors per row.
 */
final class ImageEmbeddings implements UDF1<Object, float[]>, Serializable {
    private static final long serialVersionUID = 1L;
    /** As {@code score}: files larger than this are refused before they are read. */
    static final long MAX_FILE_BYTES = 256L << 20;

    private final String modelDir;
    private final SerializableConfiguration hadoopConf;

    ImageEmbeddings(String modelDir, SerializableConfiguration hadoopConf) {
        this.modelDir = modelDir;
        this.hadoopConf = hadoopConf;
    }

    @Override
    public float[] call(Object pathOrBytes) {
        if (pathOrBytes == null) {
            return null;
        }
        String name = pathOrBytes instanceof byte[] bytes ? "an image of " + bytes.length + " bytes" : pathOrBytes.toString();
        try {
            byte[] encoded = pathOrBytes instanceof byte[] bytes ? bytes
                    : new ImageReader(hadoopConf, MAX_FILE_BYTES).read(pathOrBytes.toString());
            Preprocessor preprocessor = new Preprocessor(SqlModels.bundle(modelDir).preprocess(), PreprocessOptions.defaults());
            return SqlModels.model(modelDir).encodeImages(preprocessor.preprocess(encoded), 1)[0];
        } catch (ReadException | ImageException e) {
            throw new IllegalArgumentException(ClipImageEmbedding.NAME + ": cannot embed " + name + ": " + e.getMessage());
        }
    }
}
