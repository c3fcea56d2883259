package io.clipbatch.job.cli;

import picocli.CommandLine;

/** The version baked into the jar's manifest at build time. */
public final class Version implements CommandLine.IVersionProvider {
    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"clip-batch " + current()};
    }
}
