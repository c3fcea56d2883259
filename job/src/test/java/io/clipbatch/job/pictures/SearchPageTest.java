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

class SearchPageTest {
    private static final StructType RESULTS = new StructType()
            .add("query", DataTypes.StringType).add("rank", DataTypes.IntegerType)
            .add("score", DataTypes.FloatType).add("path", DataTypes.StringType).add("dataset", DataTypes.StringType);

    @TempDir
    static Path dir;
    private static PageFixtures fixtures;
    private static SparkSession spark;

    @BeforeAll
    static void images() throws Exception {
        fixtures = PageFixtures.write(dir.resolve("data"), 6);
        spark = SparkTestSession.get();
    }

    @Test
    void rowOfThumbnailsPerQueryInRankOrderWithPlaceholders() throws Exception {
        List<String> images = fixtures.images;
        // Rows in no particular order, as a distributed top-k hands them over.
        List<Row> rows = List.of(
                RowFactory.create("blue <square> & \"red\" circle", 3, 0.5f, fixtures.broken, "demo"),
                RowFactory.create("blue <square> & \"red\" circle", 1, 0.9f, images.get(0), "demo"),
                RowFactory.create("a green triangle", 2, 0.7f, PageFixtures.MISSING, "demo"),
                RowFactory.create("blue <square> & \"red\" circle", 2, 0.8f, images.get(1), "demo"),
                RowFactory.create("a green triangle", 1, 0.75f, images.get(2), "demo"),
                RowFactory.create("a green triangle", 3, 0.6f, images.get(0), "demo"));
        Path html = dir.resolve("pages/search.html");
        SearchPage.write(spark.createDataFrame(rows, RESULTS), "path", "path", html);

        Document page = PageFixtures.parse(html);
        List<Element> sections = elements(page, "section");
        assertEquals(2, sections.size());
        assertEquals("a green triangle", elements(sections.get(0), "h2").get(0).getTextContent());
        assertEquals("blue <square> & \"red\" circle", elements(sections.get(1), "h2").get(0).getTextContent());
        assertEquals(List.of("#1 · 0.7500", "#2 · 0.7000", "#3 · 0.6000"), captions(sections.get(0)));
        assertEquals(List.of("#1 · 0.9000", "#2 · 0.8000", "#3 · 0.5000"), captions(sections.get(1)));
        assertEquals(6, elements(page, "figure").size());
        List<Element> pictures = elements(page, "img");
        assertEquals(4, pictures.size());
        pictures.forEach(img -> assertTrue(img.getAttribute("src").startsWith("data:image/jpeg;base64,")));
        List<String> reasons = withClass(page, "div", "placeholder").stream().map(Element::getTextContent).toList();
        assertEquals(List.of("no picture: read: no such file", "no picture: decode: unknown image format"), reasons);
    }

    @Test
    void showsFiftyQueriesAndSaysHowManyWereLeftOut() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int q = 0; q < SearchPage.MAX_QUERIES + 3; q++) {
            rows.add(RowFactory.create(String.format("query %03d", q), 1, 0.5f, fixtures.images.get(0), "demo"));
        }
        Path html = dir.resolve("pages/many.html");
        SearchPage.write(spark.createDataFrame(rows, RESULTS), "path", "path", html);

        Document page = PageFixtures.parse(html);
        List<Element> sections = elements(page, "section");
        assertEquals(SearchPage.MAX_QUERIES, sections.size());
        assertEquals("query 049", elements(sections.get(49), "h2").get(0).getTextContent());
        String subtitle = withClass(page, "p", "sub").get(0).getTextContent();
        assertTrue(subtitle.startsWith("53 queries, the first 50 shown (alphabetical order), 3 left out"), subtitle);
    }

    @Test
    void showsTheKeyBesideThePathWhenTheyDiffer() throws Exception {
        StructType schema = new StructType().add("query", DataTypes.StringType).add("rank", DataTypes.IntegerType)
                .add("score", DataTypes.DoubleType).add("image.id", DataTypes.LongType).add("uri", DataTypes.StringType);
        List<Row> rows = List.of(RowFactory.create("circle", 1, 0.25, 42L, fixtures.images.get(3)));
        Path html = dir.resolve("pages/keyed.html");
        SearchPage.write(spark.createDataFrame(rows, schema), "uri", "image.id", html);

        Element caption = elements(PageFixtures.parse(html), "figcaption").get(0);
        assertEquals("image.id: 42", elements(caption, "div").get(1).getTextContent());
        assertEquals(fixtures.images.get(3), elements(caption, "div").get(2).getTextContent());
    }

    @Test
    void aMissingColumnIsOneSentence() {
        Dataset<Row> noScore = spark.createDataFrame(List.of(RowFactory.create("q", 1, 0.5f, "x", "d")), RESULTS).drop("score");
        UserError error = assertThrows(UserError.class, () -> SearchPage.write(noScore, "path", "path", dir.resolve("x.html")));
        assertEquals("the search page needs a column score, but the results have only query, rank, path, dataset", error.getMessage());
    }
}
