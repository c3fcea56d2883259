package io.clipbatch.udfs;

/**
 * A setting whose value cannot be used. The message names the setting neutrally; each boundary
 * (CLI, transformer, SQL) says {@link #setting()} in its own words before {@link #problem()}.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final Setting setting;
    private final String problem;

    /** @param problem what is wrong, to follow the setting's name: {@code must be at least 1, not 0} */
    public InvalidSettingException(Setting setting, String problem) {
        super(setting.snakeCase() + " " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    public Setting setting() {
        return setting;
    }

    public String problem() {
        return problem;
    }

    /** Refuses {@code value} below {@code min}. */
    public static void requireAtLeast(Setting setting, long value, long min) {
        if (value < min) {
            throw new InvalidSettingException(setting, "must be at least " + min + ", not " + value);
        }
    }
}
