package io.clipbatch.job.datasets;

import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.partition.SerializableConfiguration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * clip_benchmark's WebDataset layout ({@code clip-benchmark/wds_*} on Hugging Face): shards
 * {@code test/0.tar .. test/{n-1}.tar} counted by {@code test/nshards.txt}, and
 * {@code classnames.txt} and {@code zeroshot_classification_templates.txt} at the root.
 * Each shard is one Spark task that streams its tar; nothing but the shard names passes the driver.
 */
final class WebDatasetShards {
    static final StructType SCHEMA = new StructType()
            .add(LabelledImages.PATH, DataTypes.StringType, false)
            .add(LabelledImages.IMAGE_BYTES, DataTypes.BinaryType, true)
            .add(LabelledImages.LABEL_INDEX, DataTypes.IntegerType, true)
            .add(LabelledImages.READ_ERROR, DataTypes.StringType, true);

    static final StructType CAPTIONED_SCHEMA = new StructType()
            .add(LabelledImages.PATH, DataTypes.StringType, false)
            .add(LabelledImages.IMAGE_BYTES, DataTypes.BinaryType, true)
            .add(CaptionedImages.CAPTIONS, DataTypes.createArrayType(DataTypes.StringType, false), true)
            .add(LabelledImages.READ_ERROR, DataTypes.StringType, true);

    private static final String SPLIT = "test";

    private WebDatasetShards() {}

    /** The folder holding the shards: {@code uri/test} or {@code uri} itself; null when neither has any. */
    static String shardFolder(DatasetFiles files, String uri) {
        for (String candidate : List.of(DatasetFiles.child(uri, SPLIT), uri)) {
            if (files.isFile(DatasetFiles.child(candidate, "nshards.txt")) || !tarsIn(files, candidate).isEmpty()) {
                return candidate;
            }
        }
        return null;
    }

    static LabelledImages read(SparkSession spark, DatasetFiles files, DatasetSpec spec) {
        String shardFolder = shardFolderOf(files, spec);
        JavaRDD<Row> samples = samples(spark, files, shardFolder, false);
        String root = shardFolder.equals(spec.uri()) ? parentOf(spec.uri()) : spec.uri();
        return new LabelledImages(spec.name(), DatasetFormat.WDS, spark.createDataFrame(samples, SCHEMA), true, true,
                ownList(files, root, "classnames.txt"), ownList(files, root, "zeroshot_classification_templates.txt"),
                null);
    }

    /** A retrieval WebDataset ({@code wds_flickr30k}, {@code wds_mscoco_captions}): image + {@code .txt} captions. */
    static CaptionedImages readCaptioned(SparkSession spark, DatasetFiles files, DatasetSpec spec) {
        JavaRDD<Row> samples = samples(spark, files, shardFolderOf(files, spec), true);
        // One partition per shard, in shard order: the id grows with the shard, then the sample.
        return new CaptionedImages(spec.name(), DatasetFormat.WDS, spark.createDataFrame(samples, CAPTIONED_SCHEMA)
                .withColumn(CaptionedImages.IMAGE_INDEX, functions.monotonically_increasing_id()), true, true);
    }

    private static String shardFolderOf(DatasetFiles files, DatasetSpec spec) {
        String shardFolder = shardFolder(files, spec.uri());
        if (shardFolder == null) {
            throw new UserError("dataset " + spec.uri() + " has no WebDataset shards (test/nshards.txt or *.tar)");
        }
        return shardFolder;
    }

    /** One partition per shard, in shard order, each read sample by sample on an executor. */
    private static JavaRDD<Row> samples(SparkSession spark, DatasetFiles files, String shardFolder, boolean captions) {
        List<String> shards = shards(files, shardFolder);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        return jsc.parallelize(shards, shards.size()).flatMap(new TarShardReader(conf, captions));
    }

    /** {@code 0.tar .. n-1.tar} when {@code nshards.txt} says n, otherwise every tar, in numeric order. */
    private static List<String> shards(DatasetFiles files, String folder) {
        String count = DatasetFiles.child(folder, "nshards.txt");
        if (files.isFile(count)) {
            String text = files.readText(count).strip();
            int n;
            try {
                n = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new UserError(count + " must hold the number of shards, not '" + text + "'");
            }
            List<String> shards = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                shards.add(DatasetFiles.child(folder, i + ".tar"));
            }
            return shards;
        }
        return tarsIn(files, folder);
    }

    private static List<String> tarsIn(DatasetFiles files, String folder) {
        if (!files.isDirectory(folder)) {
            return List.of();
        }
        return files.list(folder).stream()
                .filter(s -> s.isFile() && s.getPath().getName().toLowerCase(Locale.ROOT).endsWith(".tar"))
                .sorted(Comparator.comparing((FileStatus s) -> s.getPath().getName().length())
                        .thenComparing(s -> s.getPath().getName()))
                .map(s -> s.getPath().toString())
                .toList();
    }

    private static PromptList ownList(DatasetFiles files, String root, String name) {
        String uri = DatasetFiles.child(root, name);
        return files.isFile(uri) ? new PromptList(files.lines(uri), name) : null;
    }

    private static String parentOf(String uri) {
        org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path(uri).getParent();
        return parent == null ? uri : parent.toString();
    }
}
