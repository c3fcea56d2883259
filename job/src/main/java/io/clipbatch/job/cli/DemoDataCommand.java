package io.clipbatch.job.cli;

import io.clipbatch.job.demo.DemoData;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo-data", mixinStandardHelpOptions = true,
        description = "Writes labelled demo images for the bundled model models/clip-tiny-shapes: coloured shapes"
            + " of 60 classes (\"small red triangle\", ...), JPEG and PNG, with a Parquet manifest (path, label,"
            + " label_name, captions), a clip_benchmark WebDataset copy (a .cls and a .txt of captions per image)"
            + " and a few broken files.")
public final class DemoDataCommand implements Callable<Integer> {

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder to write into.")
    Path output;

    @Option(names = "--n", defaultValue = "2000", paramLabel = "N", description = "Images to draw (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the scenes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DemoData.Summary summary = DemoData.write(output, n, seed);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Wrote " + summary);
        out.println("Classes: " + summary.dir().resolve("classes.txt") + ", templates: "
                + summary.dir().resolve("templates.txt") + ", manifest: " + summary.dir().resolve("manifest.parquet"));
        out.flush();
        return 0;
    }
}
