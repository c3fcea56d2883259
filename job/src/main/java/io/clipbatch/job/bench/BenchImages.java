package io.clipbatch.job.bench;

import io.clipbatch.udfs.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** A folder of benchmark images (tools/bench/make_image_sets.py makes them), used in turn, round and round. */
public final class BenchImages {
    private final Path folder;
    private final List<Path> files;

    private BenchImages(Path folder, List<Path> files) {
        this.folder = folder;
        this.files = files;
    }

    public static BenchImages in(Path folder) {
        try (Stream<Path> listing = Files.list(folder)) {
            List<Path> files = listing.filter(BenchImages::isImage).sorted().toList();
            if (files.isEmpty()) {
                throw new UserError("no .jpg/.png images in " + folder);
            }
            return new BenchImages(folder, files);
        } catch (IOException e) {
            throw new UserError("cannot list " + folder + ": " + e.getMessage());
        }
    }

    private static boolean isImage(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }

    public Path folder() {
        return folder;
    }

    public int count() {
        return files.size();
    }

    /** The index-th image, wrapping around. */
    public Path path(int index) {
        return files.get(Math.floorMod(index, files.size()));
    }

    /** The index-th image's bytes, read from the file each time as the reference reads it. */
    public byte[] bytes(int index) throws IOException {
        return Files.readAllBytes(path(index));
    }
}
