package io.clipbatch.udfs.input;

import io.clipbatch.udfs.UserError;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * Folders on the local file system ({@code file:}), walked so that each real file comes out once
 * whatever symlinks the folder holds:
 * <ul>
 *   <li>a symlink to a folder inside the input is not followed: its files come out under their
 *       own path (this also ends loops such as {@code sub/up -> ..});</li>
 *   <li>a folder outside the input, reached by a symlink, is listed once per real folder;</li>
 *   <li>a dangling symlink, or a folder that cannot be listed, comes out as a path of its own, so
 *       that reading it gives the row its error ({@code read: dangling symlink},
 *       {@code read: permission denied}) instead of the entry vanishing.</li>
 * </ul>
 * Two different top-level folders that each hold a link to the same folder outside the input are
 * listed by different tasks, and both list it: the tasks share nothing but the top level.
 */
final class LocalFolders implements FolderTop.Subtrees {
    private static final long serialVersionUID = 1L;

    /** The input folder's real path, and the real folders outside it that the top level reaches. */
    private final String rootReal;
    private final Set<String> claimed;

    private LocalFolders(String rootReal, Set<String> claimed) {
        this.rootReal = rootReal;
        this.claimed = claimed;
    }

    static boolean holds(Path root) {
        return "file".equals(root.toUri().getScheme());
    }

    static FolderTop top(Path root) {
        java.nio.file.Path local = local(root);
        Set<String> claimed = new HashSet<>();
        try {
            String rootReal = local.toRealPath().toString();
            Level level = new LocalFolders(rootReal, Set.of()).level(root, local, claimed);
            return new FolderTop(level.files(), level.folders().stream().map(Path::toString).toList(),
                    new LocalFolders(rootReal, Set.copyOf(claimed)));
        } catch (AccessDeniedException e) {
            throw new UserError("cannot list input " + root + ": permission denied");
        } catch (IOException e) {
            throw new UserError("cannot list input " + root + ": " + e.getMessage());
        }
    }

    @Override
    public List<ListedFile> imagesUnder(String folder) {
        List<ListedFile> found = new ArrayList<>();
        walk(new Path(folder), new HashSet<>(claimed), found);
        found.sort(Comparator.comparing(ListedFile::path));
        return found;
    }

    private void walk(Path dir, Set<String> visited, List<ListedFile> found) {
        Level level;
        try {
            level = level(dir, local(dir), visited);
        } catch (AccessDeniedException e) {
            found.add(ListedFile.unknown(dir.toString())); // its read says why: permission denied
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir + " failed", e);
        }
        found.addAll(level.files());
        for (Path sub : level.folders()) {
            walk(sub, visited, found);
        }
    }

    /** What one folder holds: image paths (dangling links included) and the folders to go into. */
    private record Level(List<ListedFile> files, List<Path> folders) {}

    private Level level(Path dir, java.nio.file.Path local, Set<String> visited) throws IOException {
        boolean outsideInput = !inside(local.toRealPath());
        // A file's path is the folder's plus its name, as Path(dir, name) writes it: built as a string,
        // since parsing a URI per file dominates listing a folder of a hundred thousand images.
        String prefix = dir.toString().endsWith("/") ? dir.toString() : dir + "/";
        List<ListedFile> files = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        for (java.nio.file.Path entry : sortedEntries(local)) {
            String name = entry.getFileName().toString();
            if (ImageInputs.isHiddenName(name)) {
                continue;
            }
            BasicFileAttributes target = attributesOf(entry);
            if (target != null && target.isDirectory()) {
                if (follow(entry, outsideInput, visited)) {
                    folders.add(new Path(dir, new Path(null, null, name))); // a colon in a name stays part of it
                }
            } else if (target == null && Files.isSymbolicLink(entry)) {
                if (ImageInputs.isImageName(name) || !name.contains(".")) { // it may have been a folder of images
                    files.add(ListedFile.unknown(prefix + name));
                }
            } else if (ImageInputs.isImageName(name)) {
                files.add(target == null ? ListedFile.unknown(prefix + name)
                        : new ListedFile(prefix + name, target.size(), target.lastModifiedTime().toMillis()));
            }
        }
        return new Level(files, folders);
    }

    /** Whether to go into a folder: once per real folder, and inside the input only by its own path. */
    private boolean follow(java.nio.file.Path folder, boolean outsideInput, Set<String> visited) throws IOException {
        java.nio.file.Path real = folder.toRealPath();
        if (inside(real)) {
            return !Files.isSymbolicLink(folder) && !outsideInput;
        }
        return visited.add(real.toString());
    }

    private boolean inside(java.nio.file.Path real) {
        return real.startsWith(rootReal);
    }

    /** What a stat of the entry (through its links) says, or null where the entry cannot be reached. */
    private static BasicFileAttributes attributesOf(java.nio.file.Path entry) {
        try {
            return Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** The folder's entries by name; the names are made once, not at every comparison of the sort. */
    private static List<java.nio.file.Path> sortedEntries(java.nio.file.Path folder) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<java.nio.file.Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(entry -> names.add(entry.getFileName().toString()));
        }
        Collections.sort(names);
        return names.stream().map(folder::resolve).toList();
    }

    private static java.nio.file.Path local(Path path) {
        return new File(path.toUri().getPath()).toPath();
    }
}
