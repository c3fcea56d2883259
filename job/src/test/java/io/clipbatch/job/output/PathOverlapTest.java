package io.clipbatch.job.output;

import static io.clipbatch.job.output.PathOverlap.Relation.APART;
import static io.clipbatch.job.output.PathOverlap.Relation.CONTAINS;
import static io.clipbatch.job.output.PathOverlap.Relation.INSIDE;
import static io.clipbatch.job.output.PathOverlap.Relation.SAME;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.udfs.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output against a location read, however either is spelled: the check that keeps an overwrite off the input. */
class PathOverlapTest {
    static final Configuration CONF = new Configuration();

    @TempDir
    static Path work;
    static Path copy2;
    static Path images;

    @BeforeAll
    static void folders() throws IOException {
        copy2 = Files.createDirectories(work.resolve("copy2"));
        images = Files.createDirectories(copy2.resolve("imgs"));
        Files.writeString(images.resolve("a.jpg"), "not really");
    }

    static PathOverlap.Relation relation(Object output, Object read) {
        return PathOverlap.relation(CONF, output.toString(), read.toString());
    }

    @Test
    void plainLocalPaths() {
        assertEquals(SAME, relation(images, images));
        assertEquals(CONTAINS, relation(copy2, images), "the issue's case: output is the input's parent");
        assertEquals(CONTAINS, relation(work, images));
        assertEquals(INSIDE, relation(images.resolve("out"), images));
        assertEquals(APART, relation(copy2.resolve("out"), images), "a sibling");
        assertEquals(APART, relation(copy2.resolve("im"), images), "a name prefix is not a parent");
        assertEquals(APART, relation(work.resolve("copy2/imgs2"), images));
    }

    @Test
    void relativePathsAreQualifiedAgainstTheWorkingDirectory() {
        Path relative = Path.of("").toAbsolutePath().relativize(copy2);
        assertEquals(CONTAINS, relation(relative, images));
        assertEquals(SAME, relation(relative + "/imgs", images));
    }

    @Test
    void fileUrisTrailingSlashesAndDotDot() {
        assertEquals(SAME, relation("file:" + images, images));
        assertEquals(SAME, relation("file://" + images, images));
        assertEquals(SAME, relation(images + "/", images));
        assertEquals(SAME, relation(images + "//", "file:" + images + "/"));
        assertEquals(CONTAINS, relation(images + "/..", images));
        assertEquals(CONTAINS, relation("file:" + images + "/../", "file://" + images));
        assertEquals(SAME, relation(copy2 + "/other/../imgs", images));
        assertEquals(APART, relation(images + "/../out", images));
    }

    @Test
    void symlinkedFoldersAreComparedByTheirRealPaths() throws IOException {
        Path linkToCopy2 = Files.createSymbolicLink(work.resolve("link-to-copy2"), copy2);
        assertEquals(CONTAINS, relation(linkToCopy2, images), "output through a link, input by its real path");
        assertEquals(SAME, relation(linkToCopy2.resolve("imgs"), images));
        assertEquals(INSIDE, relation(linkToCopy2.resolve("imgs/not-yet/out"), images),
                "an output that does not exist yet: real path of its nearest existing ancestor");
        Path linkToImages = Files.createSymbolicLink(work.resolve("link-to-imgs"), images);
        assertEquals(CONTAINS, relation(copy2, linkToImages), "input through a link");
        assertEquals(CONTAINS, relation("file:" + linkToCopy2 + "/", "file:" + linkToImages));
        Path outside = Files.createDirectories(work.resolve("outside"));
        Path linkOut = Files.createSymbolicLink(images.resolve("out"), outside);
        assertEquals(APART, relation(linkOut, images), "an output linked away from the input's folder");
    }

    @Test
    void s3aPrefixes() {
        assertEquals(SAME, relation("s3a://b/x", "s3a://b/x/"));
        assertEquals(CONTAINS, relation("s3a://b/x", "s3a://b/x/y"));
        assertEquals(CONTAINS, relation("s3a://b/", "s3a://b/x/y"), "the bucket's root holds everything");
        assertEquals(CONTAINS, relation("s3a://b", "s3a://b/x"));
        assertEquals(INSIDE, relation("s3a://b/x/y/out", "s3a://b/x/"));
        assertEquals(APART, relation("s3a://b/x", "s3a://b/xy"), "a key prefix is not a folder");
        assertEquals(APART, relation("s3a://b/xy", "s3a://b/x"));
        assertEquals(APART, relation("s3a://b/x", "s3a://c/x"), "another bucket");
        assertEquals(SAME, relation("s3a://b/x/y/..", "s3a://b//x"));
        assertEquals(APART, relation("s3a://b/x", "file:/b/x"), "another file system");
        assertEquals(APART, relation(images, "s3a://b" + images));
    }

    @Test
    void refusalIsOneLineNamingBothLocations() {
        UserError refused = assertThrows(UserError.class, () -> PathOverlap.refuse(CONF, copy2.toString(),
                List.of(new PathOverlap.Read("--model", "s3a://b/m"), new PathOverlap.Read("--input", images.toString()))));
        assertEquals("--output " + copy2 + " contains --input " + images
                + ": choose an --output that neither holds nor lies inside it", refused.getMessage());
        UserError model = assertThrows(UserError.class, () -> PathOverlap.refuse(CONF, work.toString(),
                List.of(PathOverlap.Read.local("--model", copy2))));
        assertTrue(model.getMessage().startsWith("--output " + work + " contains --model file:" + copy2),
                model.getMessage());
        assertDoesNotThrow(() -> PathOverlap.refuse(CONF, copy2.resolve("out").toString(),
                List.of(new PathOverlap.Read("--input", images.toString()))));
    }
}
