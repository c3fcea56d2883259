package io.clipbatch.it;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;

/**
 * An S3 server on 127.0.0.1 (s3proxy over jclouds' filesystem backend), in the test's JVM. Objects
 * are plain files under {@code basedir/bucket/key}, which lets tests watch chunks being committed.
 */
final class S3Server implements AutoCloseable {
    static final String ACCESS_KEY = "clipbatch-it";
    static final String SECRET_KEY = "it-secret-0f1e2d3c4b5a";

    final Path basedir;
    private final BlobStoreContext context;
    private final MarkerDeletingBlobStore store;
    private final S3Proxy proxy;

    private S3Server(Path basedir, BlobStoreContext context, MarkerDeletingBlobStore store, S3Proxy proxy) {
        this.basedir = basedir;
        this.context = context;
        this.store = store;
        this.proxy = proxy;
    }

    static S3Server start(Path basedir) throws Exception {
        return start(basedir, key -> false);
    }

    /** A server that answers HTTP 403 to reads of the objects whose key is {@code unreadable}. */
    static S3Server start(Path basedir, Predicate<String> unreadable) throws Exception {
        Files.createDirectories(basedir);
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", basedir.toString());
        // By API, not by provider id: a lookup by id would load every provider s3proxy registers,
        // and the cloud ones are left out of this build on purpose.
        BlobStoreContext context = ContextBuilder.newBuilder(new FilesystemApiMetadata())
                .credentials("unused", "unused")
                .overrides(properties)
                .buildView(BlobStoreContext.class);
        MarkerDeletingBlobStore store = new MarkerDeletingBlobStore(context.getBlobStore(), basedir);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new DenyingBlobStore(store, unreadable))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(20);
        }
        return new S3Server(basedir, context, store, proxy);
    }

    String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    BlobStore blobs() {
        return context.getBlobStore();
    }

    void createBucket(String bucket) {
        blobs().createContainerInLocation(null, bucket);
    }

    void put(String bucket, String key, byte[] bytes) {
        blobs().putBlob(bucket, blobs().blobBuilder(key).payload(bytes).contentLength(bytes.length).build());
    }

    /** Deletes of directory markers over objects, answered at once (see {@link MarkerDeletingBlobStore}). */
    int markersDeletedOverObjects() {
        return store.markersDeletedOverObjects();
    }

    /** Those deletes, as a test's fault notes give them. */
    String markerDeletesNote() {
        return markersDeletedOverObjects() + " deletes of a directory marker over objects answered at once"
                + " (the filesystem backend's own delete waits 10 s for each)";
    }

    /** Where the filesystem backend keeps an object or prefix. */
    Path local(String bucket, String key) {
        return basedir.resolve(bucket).resolve(key);
    }

    /**
     * S3A settings for this server, as {@code spark.hadoop.*}: path-style, no TLS, explicit keys,
     * no change detection (the backend's ETags are not S3's), and nothing that would look for AWS.
     */
    Map<String, String> sparkConf(String accessKey, String secretKey) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.hadoop.fs.s3a.endpoint", endpoint());
        conf.put("spark.hadoop.fs.s3a.endpoint.region", "us-east-1");
        conf.put("spark.hadoop.fs.s3a.path.style.access", "true");
        conf.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
        conf.put("spark.hadoop.fs.s3a.aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        conf.put("spark.hadoop.fs.s3a.access.key", accessKey);
        conf.put("spark.hadoop.fs.s3a.secret.key", secretKey);
        // Directory markers stay: deleting them after each write would make the filesystem backend
        // delete its real, non-empty directories, which it retries at length.
        conf.put("spark.hadoop.fs.s3a.directory.marker.retention", "keep");
        // AWS SDK v2 (Hadoop 3.4+) signs bulk deletes with checksum headers s3proxy does not implement.
        conf.put("spark.hadoop.fs.s3a.multiobjectdelete.enable", "false");
        conf.put("spark.hadoop.fs.s3a.change.detection.mode", "none");
        conf.put("spark.hadoop.fs.s3a.change.detection.version.required", "false");
        conf.put("spark.hadoop.fs.s3a.attempts.maximum", "2");
        conf.put("spark.hadoop.fs.s3a.retry.limit", "2");
        conf.put("spark.hadoop.fs.s3a.retry.interval", "100ms");
        conf.put("spark.hadoop.fs.s3a.connection.establish.timeout", "5000");
        conf.put("spark.hadoop.fs.s3a.connection.timeout", "20000");
        conf.put("spark.hadoop.fs.s3a.connection.maximum", "32");
        conf.put("spark.hadoop.fs.s3a.committer.magic.enabled", "false");
        return conf;
    }

    Map<String, String> sparkConf() {
        return sparkConf(ACCESS_KEY, SECRET_KEY);
    }

    /**
     * A local-mode session whose S3A reads and writes go to this server, plus {@code extra}
     * settings. The commands under test run on the default session, so an earlier one, which talks
     * to another class's server, is stopped first, and Hadoop's cached file systems go with it.
     */
    SparkSession localSession(String appName, Map<String, String> extra) throws IOException {
        scala.Option<SparkSession> earlier = SparkSession.getDefaultSession();
        if (earlier.isDefined()) {
            earlier.get().stop();
        }
        FileSystem.closeAll();
        SparkSession.Builder builder = SparkSession.builder().master("local[2]").appName(appName)
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1");
        sparkConf().forEach(builder::config);
        extra.forEach(builder::config);
        return builder.getOrCreate();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
