package io.clipbatch.job.pictures;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.row_number;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: renders both pages from real embeddings before the {@code search} and {@code dedup}
 * commands exist, for {@code tools/pictures/make_screenshots.sh --preview}. The results are computed
 * here the simplest exact way (all pairs in Spark SQL, components on the driver), which is fine for
 * the demo's 2,000 images and nothing larger. Run only when named, with
 * {@code -Dtest=PagesPreview -Dpictures.images=PREDICTIONS -Dpictures.texts=TEXT_EMBEDDINGS -Dpictures.out=DIR}.
 */
@EnabledIfSystemProperty(named = "pictures.out", matches = ".+")
class PagesPreview {
    private static final int TOP_K = 20;
    private static final double THRESHOLD = 0.95;
    private static final int GROUPS_SHOWN = 8;
    private static final String DOT = "aggregate(zip_with(%s, %s, (x, y) -> x * y), 0D, (sum, v) -> sum + v)";

    @Test
    void render() {
        SparkSession spark = SparkSession.builder().master("local[*]").appName("clip-batch pages preview")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        Path out = Path.of(System.getProperty("pictures.out"));
        Dataset<Row> images = spark.read().parquet(System.getProperty("pictures.images"))
                .where(col("embedding").isNotNull()).select("path", "embedding", "label").cache();
        Dataset<Row> texts = spark.read().parquet(System.getProperty("pictures.texts"));
        SearchPage.write(search(images, texts), "path", "path", out.resolve("search.html"));
        DuplicatePage.write(groups(spark, images), "key", GROUPS_SHOWN, out.resolve("dedup.html"));
    }

    /** Every text against every image: the top {@value #TOP_K} by cosine, ties to the lower path. */
    private static Dataset<Row> search(Dataset<Row> images, Dataset<Row> texts) {
        Dataset<Row> scored = images.crossJoin(broadcast(texts.select(col("text").as("query"), col("embedding").as("q"))))
                .withColumn("score", expr(String.format(DOT, "embedding", "q")).cast("float"));
        return scored.withColumn("rank", row_number().over(Window.partitionBy("query")
                        .orderBy(col("score").desc(), col("path").asc())))
                .where(col("rank").leq(TOP_K)).select("query", "rank", "score", "path", "label");
    }

    /** Connected components of the pairs at or above the threshold, as {@code dedup} defines its output. */
    private static Dataset<Row> groups(SparkSession spark, Dataset<Row> images) {
        Dataset<Row> left = images.select(col("path").as("a"), col("embedding").as("ea"));
        Dataset<Row> right = images.select(col("path").as("b"), col("embedding").as("eb"));
        List<Row> pairs = left.crossJoin(right).where(col("a").lt(col("b")))
                .withColumn("similarity", expr(String.format(DOT, "ea", "eb")))
                .where(col("similarity").geq(THRESHOLD)).select("a", "b", "similarity").collectAsList();
        Map<String, String> parent = new HashMap<>();
        Map<String, Double> best = new HashMap<>();
        for (Row pair : pairs) {
            union(parent, pair.getString(0), pair.getString(1));
            best.merge(pair.getString(0), pair.getDouble(2), Math::max);
            best.merge(pair.getString(1), pair.getDouble(2), Math::max);
        }
        Map<String, List<String>> members = new TreeMap<>();
        for (String key : best.keySet()) {
            members.computeIfAbsent(find(parent, key), root -> new ArrayList<>()).add(key);
        }
        List<Row> rows = new ArrayList<>();
        long id = 0;
        for (List<String> group : members.values()) {
            group.sort(null);
            String representative = group.get(0);
            for (String key : group) {
                rows.add(RowFactory.create(key, id, representative, best.get(key).floatValue(),
                        key.equals(representative) ? null : representative));
            }
            id++;
        }
        StructType schema = new StructType().add("key", DataTypes.StringType).add("group_id", DataTypes.LongType)
                .add("representative", DataTypes.StringType).add("max_similarity", DataTypes.FloatType)
                .add("duplicate_of", DataTypes.StringType);
        return spark.createDataFrame(rows, schema);
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(ra.compareTo(rb) < 0 ? rb : ra, ra.compareTo(rb) < 0 ? ra : rb);
        }
    }

    private static String find(Map<String, String> parent, String key) {
        String root = key;
        while (parent.containsKey(root)) {
            root = parent.get(root);
        }
        return root;
    }
}
