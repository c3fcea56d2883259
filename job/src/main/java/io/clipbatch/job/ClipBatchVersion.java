package io.clipbatch.job;

/** The version baked into the jar's manifest at build time, for reports and provenance. */
public final class ClipBatchVersion {
    private ClipBatchVersion() {}

    /** The jar's version, or {@code dev} when run from classes (tests, an IDE). */
    public static String current() {
        String version = ClipBatchVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
