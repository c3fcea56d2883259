package io.clipbatch.job.cli;

import io.clipbatch.job.ClipBatchVersion;
import picocli.CommandLine;

/** What {@code clip-batch --version} prints. */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"clip-batch " + ClipBatchVersion.current()};
    }
}
