package io.clipbatch.job.eval;

import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.output.ProvenanceParquetFormat;
import io.clipbatch.job.output.ProvenanceWriteSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The eval fixtures (tools/eval/make_eval_fixtures.py: the same 31 images as class folders,
 * WebDataset shards and a Stanford Cars devkit) plus the two Parquet layouts built here from the
 * folder tree: a Hugging Face datasets export with the image bytes, and a manifest labelled by name.
 */
public final class EvalFixtures {
    public static final Path ROOT = Path.of("src/test/resources/eval/fixtures").toAbsolutePath();
    public static final Path FOLDERS = ROOT.resolve("folders");
    public static final Path WDS = ROOT.resolve("wds");
    public static final Path CARS = ROOT.resolve("cars");
    public static final Path TEMPLATES = WDS.resolve("zeroshot_classification_templates.txt");
    public static final List<String> CLASSES = List.of("apple", "banana", "cherry", "grape", "lemon", "lime");

    private EvalFixtures() {}

    /** Every image of the folder tree as (path, class index), in file-name order. */
    public static List<Object[]> folderImages() throws IOException {
        List<Object[]> images = new ArrayList<>();
        try (Stream<Path> files = Files.walk(FOLDERS)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                images.add(new Object[] {file, CLASSES.indexOf(file.getParent().getFileName().toString())});
            }
        }
        images.sort((a, b) -> a[0].toString().compareTo(b[0].toString()));
        return images;
    }

    /** Hugging Face datasets Parquet: image struct (bytes, path), int label, ClassLabel names in the footer. */
    public static Path writeHuggingFace(SparkSession spark, Path dir) throws IOException {
        StructType image = new StructType().add("bytes", DataTypes.BinaryType).add("path", DataTypes.StringType);
        StructType schema = new StructType().add("image", image).add("label", DataTypes.LongType);
        List<Row> rows = new ArrayList<>();
        for (Object[] entry : folderImages()) {
            Path file = (Path) entry[0];
            rows.add(RowFactory.create(RowFactory.create(Files.readAllBytes(file), file.getFileName().toString()),
                    (long) (int) entry[1]));
        }
        String features = "{\"info\":{\"features\":{\"image\":{\"_type\":\"Image\"},\"label\":{\"names\":[\""
                + String.join("\",\"", CLASSES) + "\"],\"_type\":\"ClassLabel\"}}}}";
        String metadata = new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(java.util.Map.of("huggingface", features));
        spark.createDataFrame(rows, schema).repartition(2).write()
                .format(ProvenanceParquetFormat.class.getName())
                .option(ProvenanceWriteSupport.PROVENANCE_KEY, metadata)
                .save(dir.toString());
        return dir;
    }

    /** A Parquet manifest with a path column and the class name as the label. */
    public static Path writeManifest(SparkSession spark, Path dir) throws IOException {
        StructType schema = new StructType().add("image_path", DataTypes.StringType).add("label", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (Object[] entry : folderImages()) {
            rows.add(RowFactory.create(entry[0].toString(), CLASSES.get((int) entry[1])));
        }
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(dir.toString());
        return dir;
    }

    public static SparkSession spark() {
        return SparkTestSession.get();
    }

}
