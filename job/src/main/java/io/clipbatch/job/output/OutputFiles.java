package io.clipbatch.job.output;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The names of the entries a command writes at the top of its output location: all that
 * {@code --mode overwrite} may delete there. A local file system's checksum sibling
 * {@code .NAME.crc} belongs with {@code NAME}.
 */
public final class OutputFiles {
    /** What a Spark Parquet write leaves in its folder: part files, {@code _SUCCESS}, {@code _temporary}. */
    public static final OutputFiles SPARK_PARQUET = matching("part-.*\\.parquet", "_SUCCESS", "_temporary");

    private static final Pattern CHECKSUM = Pattern.compile("\\.(.+)\\.crc");

    private final Pattern names;

    private OutputFiles(Pattern names) {
        this.names = names;
    }

    /** Entries whose names match any of these regular expressions. */
    public static OutputFiles matching(String... regexes) {
        return new OutputFiles(Pattern.compile(Arrays.stream(regexes).map(r -> "(?:" + r + ")")
                .collect(Collectors.joining("|"))));
    }

    /** These entries and those matching {@code regexes}. */
    public OutputFiles and(String... regexes) {
        return matching(Stream.concat(Stream.of(names.pattern()), Arrays.stream(regexes)).toArray(String[]::new));
    }

    public boolean owns(String name) {
        Matcher checksum = CHECKSUM.matcher(name);
        return names.matcher(name).matches() || checksum.matches() && names.matcher(checksum.group(1)).matches();
    }
}
