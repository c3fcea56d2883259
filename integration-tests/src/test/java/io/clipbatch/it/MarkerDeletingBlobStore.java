package io.clipbatch.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * The filesystem backend with S3's delete of a directory marker: the marker object goes at once and
 * the objects under it stay. The backend keeps a marker as a folder with attributes; asked to delete
 * one that still holds objects, it tries to remove the folder ten times, a second apart, then gives
 * up having dropped only the attributes. S3A deletes a tree's objects, then its markers parents
 * first, while the markers below still exist, so every {@code fs.delete(dir, true)} (a committer's
 * {@code _temporary}, a staged folder) would wait ten seconds per such marker. Here the attributes
 * are dropped without the retries: the same end state, and the folder goes with the last thing
 * under it, as it does there.
 */
final class MarkerDeletingBlobStore extends ForwardingBlobStore {
    private final Path basedir;
    private final AtomicInteger markersOverObjects = new AtomicInteger();

    MarkerDeletingBlobStore(BlobStore delegate, Path basedir) {
        super(delegate);
        this.basedir = basedir;
    }

    @Override
    public void removeBlob(String container, String name) {
        Path folder = basedir.resolve(container).resolve(name);
        if (holdsObjects(folder)) {
            markersOverObjects.incrementAndGet();
            dropMarkerAttributes(folder);
            return;
        }
        super.removeBlob(container, name);
    }

    @Override
    public void removeBlobs(String container, Iterable<String> names) {
        names.forEach(name -> removeBlob(container, name));
    }

    /** Deletes of markers that still held objects: each one a ten-second wait without this store. */
    int markersDeletedOverObjects() {
        return markersOverObjects.get();
    }

    private static boolean holdsObjects(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static void dropMarkerAttributes(Path folder) {
        UserDefinedFileAttributeView attributes = Files.getFileAttributeView(folder, UserDefinedFileAttributeView.class);
        if (attributes == null) {
            return;
        }
        try {
            for (String attribute : attributes.list()) {
                attributes.delete(attribute);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // a file system without user attributes keeps no marker state to drop
        }
    }
}
