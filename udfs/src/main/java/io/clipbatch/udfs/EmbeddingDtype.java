package io.clipbatch.udfs;

import java.util.Locale;

/** How an embedding column holds its values. */
public enum EmbeddingDtype {
    /** {@code array<float>}. */
    FLOAT32,
    /** {@code binary}: little-endian IEEE half floats, 2 bytes a value, half the bytes of float32. */
    FLOAT16;

    /** {@code float32} or {@code float16}. */
    public static EmbeddingDtype parse(String name) {
        for (EmbeddingDtype dtype : values()) {
            if (dtype.lowerCase().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return dtype;
            }
        }
        throw new InvalidSettingException(Setting.EMBEDDING_DTYPE, "must be float32 or float16, not '" + name + "'");
    }

    public String lowerCase() {
        return name().toLowerCase(Locale.ROOT);
    }
}
