package io.clipbatch.job.pictures;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.clipbatch.job.Plural;
import io.clipbatch.udfs.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * {@code dedup --html}: the largest duplicate groups (by size, ties by {@code group_id}), each as a
 * row of thumbnails: the representative first and marked as the one kept, then the others by their
 * similarity, highest first. Groups of one image are not duplicates and are not shown; a group larger
 * than {@value #MEMBERS_SHOWN} shows that many and says how many more it has.
 */
public final class DuplicatePage {
    public static final int MEMBERS_SHOWN = 24;

    private DuplicatePage() {
    }

    private record Group(String id, long size, List<Member> shown) {
    }

    private record Member(String key, String location, boolean representative, Double similarity) {
    }

    /**
     * Writes the page for {@code groups} (columns {@code key}, {@code group_id}, {@code representative},
     * {@code max_similarity}, {@code duplicate_of} and {@code pathColumn}, which may be {@code key}).
     */
    public static void write(Dataset<Row> groups, String pathColumn, int maxGroups, Path html) {
        if (maxGroups < 1) {
            throw new UserError("the duplicate page shows at least 1 group, got " + maxGroups);
        }
        ResultColumns.require(groups, "duplicate page", "key", "group_id", "representative", "max_similarity",
                "duplicate_of", pathColumn);
        Dataset<Row> sizes = groups.groupBy("group_id").agg(count(lit(1)).as("size")).where(col("size").geq(2)).cache();
        try {
            Row totals = sizes.agg(count(lit(1)), sum("size")).first();
            long groupCount = totals.getLong(0);
            long duplicated = totals.isNullAt(1) ? 0 : totals.getLong(1);
            List<Row> largest = sizes.orderBy(col("size").desc(), col("group_id").asc()).limit(maxGroups).collectAsList();
            List<Group> shown = members(groups, pathColumn, largest);
            List<String> locations = new ArrayList<>();
            shown.forEach(group -> group.shown().forEach(member -> locations.add(member.location())));
            Map<String, Thumbnail> thumbnails = Thumbnails.of(SparkSession.active(), locations);
            render(shown, groupCount, duplicated, thumbnails, html);
        } finally {
            sizes.unpersist();
        }
    }

    private static void render(List<Group> shown, long groupCount, long duplicated, Map<String, Thumbnail> thumbnails, Path html) {
        String subtitle = Plural.of(groupCount, "group") + " of near-duplicates holding " + Plural.of(duplicated, "image")
                + (shown.size() < groupCount ? "; the " + shown.size() + " largest shown" : "");
        StringBuilder page = PageHtml.start("Near-duplicate groups", subtitle);
        if (shown.isEmpty()) {
            page.append("<p>No image has a near-duplicate at this threshold.</p>\n");
        }
        for (Group group : shown) {
            page.append("<section><h2>Group ").append(PageHtml.text(group.id())).append(" · ")
                    .append(Plural.of(group.size(), "image")).append("</h2><div class=\"tiles\">");
            for (Member member : group.shown()) {
                String first = member.representative() ? "kept (representative)"
                        : member.similarity() == null ? "similarity unknown" : "similarity " + PageHtml.number(member.similarity());
                String[] lines = Objects.equals(member.key(), member.location()) ? new String[] {first}
                        : new String[] {first, "key: " + member.key()};
                PageHtml.tile(page, member.location(), thumbnails.get(member.location()), member.representative(), lines);
            }
            page.append("</div>");
            if (group.size() > group.shown().size()) {
                page.append("<p class=\"note\">and ").append(group.size() - group.shown().size()).append(" more</p>");
            }
            page.append("</section>\n");
        }
        page.append("<p class=\"note\">Groups are connected components of the pairs at or above the threshold, so "
                + "they chain: two images of one group may be less similar than the threshold. Similarity: an "
                + "image's highest cosine similarity to another image of its group.</p>\n");
        PageHtml.write(page, html);
    }

    /** The shown members of the largest groups, on the driver, in page order. */
    private static List<Group> members(Dataset<Row> groups, String pathColumn, List<Row> largest) {
        Map<String, Group> byId = new LinkedHashMap<>();
        for (Row row : largest) {
            byId.put(String.valueOf(row.get(0)), new Group(String.valueOf(row.get(0)), row.getLong(1), new ArrayList<>()));
        }
        if (largest.isEmpty()) {
            return List.of();
        }
        Object[] ids = largest.stream().map(row -> row.get(0)).toArray();
        List<Row> rows = groups.where(col("group_id").isin(ids))
                .withColumn("is_representative", when(col("key").equalTo(col("representative")), 1).otherwise(0))
                .withColumn("place", row_number().over(Window.partitionBy("group_id").orderBy(
                        col("is_representative").desc(), col("max_similarity").desc_nulls_last(), col("key").asc())))
                .where(col("place").leq(MEMBERS_SHOWN))
                .select(col("group_id").cast("string"), col("key").cast("string"),
                        ResultColumns.column(pathColumn).cast("string"), col("is_representative"),
                        col("max_similarity").cast("double"), col("place"))
                .collectAsList();
        List<Row> inPlaceOrder = new ArrayList<>(rows);
        inPlaceOrder.sort(Comparator.comparingInt(row -> row.getInt(5)));
        for (Row row : inPlaceOrder) {
            byId.get(row.getString(0)).shown().add(new Member(row.getString(1), row.getString(2), row.getInt(3) == 1,
                    row.isNullAt(4) ? null : row.getDouble(4)));
        }
        return new ArrayList<>(byId.values());
    }
}
