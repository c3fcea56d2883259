package io.clipbatch.core.image;

/** How an image is brought to the model's square input, as open_clip's {@code resize_mode} names it. */
public enum ResizeMode {
    /** Resize the shorter side to the target, then centre-crop: OpenAI's {@code clip._transform}. */
    SHORTEST,
    /** Resize both sides to the target, ignoring the aspect ratio. */
    SQUASH,
    /** Resize the longer side to the target, then pad the shorter one with the fill colour. */
    LONGEST;

    public static ResizeMode parse(String name) {
        for (ResizeMode mode : values()) {
            if (mode.name().equalsIgnoreCase(name.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown resize_mode '" + name + "' (expected shortest, squash or longest)");
    }
}
