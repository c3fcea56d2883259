package io.clipbatch.job.pictures;

import static io.clipbatch.job.pictures.PageFixtures.captions;
import static io.clipbatch.job.pictures.PageFixtures.elements;
import static io.clipbatch.job.pictures.PageFixtures.withClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.SparkTestSession;
import io.clipbatch.udfs.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class DuplicatePageTest {
    private static final StructType GROUPS = new StructType()
            .add("key", DataTypes.StringType).add("group_id", DataTypes.LongType)
            .add("representative", DataTypes.StringType).add("max_similarity", DataTypes.FloatType)
            .add("duplicate_of", DataTypes.StringType);

    @TempDir
    static Path dir;
    private static PageFixtures fixtures;
    private static SparkSession spark;

    @BeforeAll
    static void images() throws Exception {
        fixtures = PageFixtures.write(dir.resolve("data"), 8);
        spark = SparkTestSession.get();
    }

    private static Row member(String key, long group, String representative, float similarity) {
        return RowFactory.create(key, group, representative, similarity, key.equals(representative) ? null : representative);
    }

    @Test
    void largestGroupsFirstRepresentativeMarkedOthersBySimilarity() throws Exception {
        List<String> img = fixtures.images;
        List<Row> rows = List.of(
                member(img.get(1), 3L, img.get(0), 0.96f),
                member(img.get(0), 3L, img.get(0), 0.99f),
                member(PageFixtures.MISSING, 3L, img.get(0), 0.99f),
                member(img.get(2), 3L, img.get(0), 0.97f),
                member(img.get(4), 9L, img.get(3), 0.98f),
                member(img.get(3), 9L, img.get(3), 0.98f),
                member(img.get(5), 2L, img.get(6), 0.95f),
                member(img.get(6), 2L, img.get(6), 0.95f),
                member(img.get(7), 1L, img.get(7), 0f));
        Path html = dir.resolve("pages/dedup.html");
        DuplicatePage.write(spark.createDataFrame(rows, GROUPS), "key", 2, html);

        Document page = PageFixtures.parse(html);
        List<Element> sections = elements(page, "section");
        assertEquals(2, sections.size());
        // Group 3 has four images; groups 2 and 9 have two each, and the lower id wins the tie.
        assertEquals("Group 3 · 4 images", elements(sections.get(0), "h2").get(0).getTextContent());
        assertEquals("Group 2 · 2 images", elements(sections.get(1), "h2").get(0).getTextContent());
        assertEquals(List.of("kept (representative)", "similarity 0.9900", "similarity 0.9700", "similarity 0.9600"),
                captions(sections.get(0)));
        List<Element> kept = withClass(page, "figure", "kept");
        assertEquals(2, kept.size());
        assertEquals(img.get(0), withClass(kept.get(0), "div", "path").get(0).getTextContent());
        assertEquals(6, elements(page, "figure").size());
        assertEquals(5, elements(page, "img").size());
        assertEquals("no picture: read: no such file", withClass(page, "div", "placeholder").get(0).getTextContent());
        String subtitle = withClass(page, "p", "sub").get(0).getTextContent();
        assertTrue(subtitle.startsWith("3 groups of near-duplicates holding 8 images; the 2 largest shown"), subtitle);
    }

    @Test
    void aFloodOfCopiesShowsSomeAndCountsTheRest() throws Exception {
        StructType withPath = GROUPS.add("path", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        int copies = DuplicatePage.MEMBERS_SHOWN + 5;
        for (int i = 0; i < copies; i++) {
            String key = String.format("copy-%03d", i);
            rows.add(RowFactory.create(key, 0L, "copy-000", 1.0f, i == 0 ? null : "copy-000", fixtures.images.get(0)));
        }
        Path html = dir.resolve("pages/flood.html");
        DuplicatePage.write(spark.createDataFrame(rows, withPath), "path", 10, html);

        Document page = PageFixtures.parse(html);
        assertEquals(DuplicatePage.MEMBERS_SHOWN, elements(page, "figure").size());
        assertEquals("and 5 more", withClass(page, "p", "note").get(0).getTextContent());
        assertEquals("key: copy-000", elements(elements(page, "figcaption").get(0), "div").get(1).getTextContent());
    }

    @Test
    void noDuplicatesIsSaid() throws Exception {
        List<Row> rows = List.of(member(fixtures.images.get(0), 1L, fixtures.images.get(0), 0f));
        Path html = dir.resolve("pages/none.html");
        DuplicatePage.write(spark.createDataFrame(rows, GROUPS), "key", 10, html);

        Document page = PageFixtures.parse(html);
        assertEquals(0, elements(page, "figure").size());
        assertTrue(page.getDocumentElement().getTextContent().contains("No image has a near-duplicate at this threshold."));
    }

    @Test
    void badArgumentsAreOneSentence() {
        Dataset<Row> groups = spark.createDataFrame(List.of(member("a", 1L, "a", 0f)), GROUPS);
        assertEquals("the duplicate page shows at least 1 group, got 0", assertThrows(UserError.class,
                () -> DuplicatePage.write(groups, "key", 0, dir.resolve("x.html"))).getMessage());
        assertEquals("the duplicate page needs a column path, but the results have only key, group_id, representative, "
                + "max_similarity, duplicate_of", assertThrows(UserError.class,
                () -> DuplicatePage.write(groups, "path", 5, dir.resolve("x.html"))).getMessage());
    }
}
