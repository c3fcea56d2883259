package io.clipbatch.job.lake;

import io.clipbatch.udfs.UserError;
import java.util.Locale;

/**
 * {@code --sink}: where {@code score} writes. {@link #PARQUET} is the chunked Parquet folder; the
 * others are lake tables, written through a {@link TableFormat}.
 */
public enum SinkKind {
    PARQUET(null),
    DELTA("io.clipbatch.job.lake.delta.DeltaFormat"),
    ICEBERG("io.clipbatch.job.lake.iceberg.IcebergFormat");

    /**
     * The implementation, named rather than referenced: its format library is {@code provided}, so it
     * is loaded only when the sink is asked for, and a missing library is a one-line error.
     */
    private final String formatClass;

    SinkKind(String formatClass) {
        this.formatClass = formatClass;
    }

    /** The value {@code --sink} takes. */
    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTable() {
        return formatClass != null;
    }

    public static SinkKind parse(String text) {
        for (SinkKind kind : values()) {
            if (kind.flag().equalsIgnoreCase(text)) {
                return kind;
            }
        }
        throw new UserError("--sink must be parquet, delta or iceberg, not '" + text + "'");
    }

    /** The table format of a table sink. */
    public TableFormat format() {
        if (!isTable()) {
            throw new IllegalStateException("--sink parquet is not a table format");
        }
        try {
            return (TableFormat) Class.forName(formatClass).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new UserError("--sink " + flag() + " is not built into this clip-batch (" + formatClass + ")");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + formatClass, e);
        }
    }
}
