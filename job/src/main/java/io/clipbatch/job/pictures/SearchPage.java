package io.clipbatch.job.pictures;

import static org.apache.spark.sql.functions.col;

import io.clipbatch.job.Plural;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code search --html}: one self-contained page with a row of thumbnails per query, in rank order,
 * each with its rank, score and path. The first {@value #MAX_QUERIES} queries in alphabetical order
 * are shown (a results Dataset keeps no order of its own); the page says how many were left out.
 */
public final class SearchPage {
    public static final int MAX_QUERIES = 50;

    private SearchPage() {
    }

    /** One result row as the page shows it. */
    private record Hit(int rank, double score, String key, String location) {
    }

    /**
     * Writes the page for {@code results} (columns {@code query}, {@code rank}, {@code score}, the key
     * column and the pass-through columns, {@code pathColumn} among them) to {@code html}.
     */
    public static void write(Dataset<Row> results, String pathColumn, String keyColumn, Path html) {
        ResultColumns.require(results, "search page", "query", "rank", "score", keyColumn, pathColumn);
        List<String> queries = results.where(col("query").isNotNull()).select("query").distinct()
                .orderBy("query").as(Encoders.STRING()).collectAsList();
        List<String> shown = queries.subList(0, Math.min(MAX_QUERIES, queries.size()));
        Map<String, List<Hit>> hits = hitsOf(results, shown, pathColumn, keyColumn);
        List<String> locations = new ArrayList<>();
        hits.values().forEach(list -> list.forEach(hit -> locations.add(hit.location())));
        Map<String, Thumbnail> thumbnails = Thumbnails.of(SparkSession.active(), locations);

        StringBuilder page = PageHtml.start("Search results", subtitle(queries.size(), shown.size()));
        for (Map.Entry<String, List<Hit>> query : hits.entrySet()) {
            page.append("<section><h2>").append(PageHtml.text(query.getKey())).append("</h2><div class=\"tiles\">");
            for (Hit hit : query.getValue()) {
                String[] lines = keyColumn.equals(pathColumn)
                        ? new String[] {"#" + hit.rank() + " · " + PageHtml.number(hit.score())}
                        : new String[] {"#" + hit.rank() + " · " + PageHtml.number(hit.score()), keyColumn + ": " + hit.key()};
                PageHtml.tile(page, hit.location(), thumbnails.get(hit.location()), false, lines);
            }
            page.append("</div></section>\n");
        }
        page.append("<p class=\"note\">Score: cosine similarity of the query's and the image's embeddings. "
                + "Rank 1 is the most similar; ties go to the lower key.</p>\n");
        PageHtml.write(page, html);
    }

    private static String subtitle(int queries, int shown) {
        String count = Plural.of(queries, "query", "queries");
        return shown == queries ? count
                : count + ", the first " + shown + " shown (alphabetical order), " + (queries - shown) + " left out";
    }

    /** The rows of the shown queries, on the driver, each query's in rank order. */
    private static Map<String, List<Hit>> hitsOf(Dataset<Row> results, List<String> shown, String pathColumn, String keyColumn) {
        Map<String, List<Hit>> hits = new LinkedHashMap<>();
        shown.forEach(query -> hits.put(query, new ArrayList<>()));
        if (shown.isEmpty()) {
            return hits;
        }
        List<Row> rows = results.where(col("query").isin(shown.toArray()))
                .select(col("query"), col("rank").cast("int"), col("score").cast("double"),
                        ResultColumns.column(keyColumn).cast("string"), ResultColumns.column(pathColumn).cast("string"))
                .orderBy("query", "rank").collectAsList();
        for (Row row : rows) {
            hits.get(row.getString(0)).add(new Hit(row.getInt(1), row.getDouble(2), row.getString(3), row.getString(4)));
        }
        return hits;
    }
}
