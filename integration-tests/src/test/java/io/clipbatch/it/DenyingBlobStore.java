package io.clipbatch.it;

import java.util.function.Predicate;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.rest.AuthorizationException;

/**
 * A blob store that refuses to read some objects, which s3proxy answers with HTTP 403 AccessDenied:
 * an object the credentials may list but not read, as an S3 bucket policy allows.
 */
final class DenyingBlobStore extends ForwardingBlobStore {
    private final Predicate<String> denied;

    DenyingBlobStore(BlobStore delegate, Predicate<String> denied) {
        super(delegate);
        this.denied = denied;
    }

    @Override
    public BlobMetadata blobMetadata(String container, String name) {
        check(container, name);
        return super.blobMetadata(container, name);
    }

    @Override
    public Blob getBlob(String container, String name) {
        check(container, name);
        return super.getBlob(container, name);
    }

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
        check(container, name);
        return super.getBlob(container, name, options);
    }

    private void check(String container, String name) {
        if (denied.test(name)) {
            throw new AuthorizationException("access denied to " + container + "/" + name);
        }
    }
}
