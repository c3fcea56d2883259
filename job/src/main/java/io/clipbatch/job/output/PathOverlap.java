package io.clipbatch.job.output;

import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.input.StoreErrors;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Whether an output location overlaps a location the command reads (its input, model bundle,
 * datasets): a write there could replace what is read, and an overwrite could delete it.
 *
 * <p>Locations are compared as qualified Hadoop paths, so that relative paths, {@code file:} URIs,
 * trailing or doubled slashes and {@code ..} segments name the same place however spelled. A local
 * path is compared by its real path as well, since Hadoop does not resolve symbolic links: the
 * nearest existing ancestor's {@code toRealPath()}, with the part that does not exist yet appended.
 */
public final class PathOverlap {
    /** A location the output must stay clear of, and the option that named it (for the message). */
    public record Read(String option, String uri) {
        /** A local folder, such as a model bundle, as a {@code file:} URI whatever the default file system. */
        public static Read local(String option, java.nio.file.Path folder) {
            return new Read(option, "file:" + folder.toAbsolutePath());
        }
    }

    /** How the output lies relative to a location that is read. */
    enum Relation {
        APART(null), SAME("is the same location as"), CONTAINS("contains"), INSIDE("lies inside");

        final String words;

        Relation(String words) {
            this.words = words;
        }
    }

    private PathOverlap() {}

    /** Refuses, with one line naming both, an output that is, contains or lies inside any location read. */
    public static void refuse(Configuration conf, String output, List<Read> reads) {
        for (Read read : reads) {
            Relation relation = relation(conf, output, read.uri());
            if (relation != Relation.APART) {
                throw new UserError("--output " + output + " " + relation.words + " " + read.option() + " "
                        + read.uri() + ": choose an --output that neither holds nor lies inside it");
            }
        }
    }

    static Relation relation(Configuration conf, String output, String read) {
        URI out = resolved(conf, output);
        URI in = resolved(conf, read);
        if (!sameStore(out, in)) {
            return Relation.APART;
        }
        String outPath = pathOf(out);
        String inPath = pathOf(in);
        if (outPath.equals(inPath)) {
            return Relation.SAME;
        }
        if (isAncestor(outPath, inPath)) {
            return Relation.CONTAINS;
        }
        return isAncestor(inPath, outPath) ? Relation.INSIDE : Relation.APART;
    }

    /** The qualified location, through its real path when local. */
    static URI resolved(Configuration conf, String uri) {
        try {
            URI qualified = qualified(conf, uri).toUri();
            return "file".equalsIgnoreCase(qualified.getScheme()) ? realPath(qualified) : qualified;
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot resolve " + uri + ": " + StoreErrors.reason(e));
        }
    }

    /**
     * The path as its file system qualifies it. A URI with a scheme and an authority (a bucket) is
     * already qualified, and an object store's client is not started for it.
     */
    private static Path qualified(Configuration conf, String uri) throws IOException {
        Path path = new Path(uri);
        URI parts = path.toUri();
        if (parts.getScheme() != null && parts.getAuthority() != null) {
            return path;
        }
        return path.getFileSystem(conf).makeQualified(path);
    }

    private static URI realPath(URI local) throws IOException {
        java.nio.file.Path path = Paths.get(local).normalize();
        java.nio.file.Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        java.nio.file.Path real = existing == null ? path : existing.toRealPath().resolve(existing.relativize(path));
        return new Path("file", null, real.toString()).toUri();
    }

    /** The path part without a trailing slash ({@code ..} normalises to one), "/" for a bucket's root. */
    private static String pathOf(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        return path.isEmpty() ? "/" : path;
    }

    private static boolean sameStore(URI a, URI b) {
        return String.valueOf(a.getScheme()).toLowerCase(Locale.ROOT).equals(
                String.valueOf(b.getScheme()).toLowerCase(Locale.ROOT))
                && String.valueOf(a.getAuthority()).equals(String.valueOf(b.getAuthority()));
    }

    private static boolean isAncestor(String ancestor, String path) {
        String prefix = ancestor.endsWith("/") ? ancestor : ancestor + "/";
        return path.startsWith(prefix);
    }
}
