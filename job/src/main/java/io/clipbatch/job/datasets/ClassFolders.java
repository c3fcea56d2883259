package io.clipbatch.job.datasets;

import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.partition.SerializableConfiguration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * A class-per-folder tree, as torchvision's {@code ImageFolder} reads it: the label of
 * {@code ROOT/<class>/...} is the position of {@code <class>} among the sorted folder names, and
 * images are found recursively with torchvision's extensions. The driver lists only the class
 * folders; executors list their contents. A root holding only split folders ({@code train},
 * {@code valid}, {@code test}), like Country211's, is read from its {@code test} split.
 */
final class ClassFolders {
    /** torchvision's {@code IMG_EXTENSIONS}. */
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "ppm", "bmp", "pgm", "tif", "tiff", "webp");
    private static final Set<String> SPLITS = Set.of("train", "val", "valid", "validation", "test");

    static final StructType SCHEMA = new StructType()
            .add(LabelledImages.PATH, DataTypes.StringType, false)
            .add(LabelledImages.LABEL_INDEX, DataTypes.IntegerType, false);

    private ClassFolders() {}

    static LabelledImages read(SparkSession spark, DatasetFiles files, DatasetSpec spec) {
        String root = splitRoot(files, spec.uri());
        List<FileStatus> classDirs = files.list(root).stream().filter(FileStatus::isDirectory).toList();
        if (classDirs.isEmpty()) {
            throw new UserError("dataset " + root + " has no class folders");
        }
        List<String> names = classDirs.stream().map(s -> s.getPath().getName()).toList();
        List<Tuple2<String, Integer>> folders = new ArrayList<>();
        for (int label = 0; label < classDirs.size(); label++) {
            folders.add(new Tuple2<>(classDirs.get(label).getPath().toString(), label));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        int tasks = Math.min(folders.size(), Math.max(1, spark.sparkContext().defaultParallelism() * 4));
        JavaRDD<Row> rows = jsc.parallelize(folders, tasks).flatMap(new FolderLister(conf));
        PromptList own = ownClassNames(files, spec.uri());
        return new LabelledImages(spec.name(), DatasetFormat.FOLDERS, spark.createDataFrame(rows, SCHEMA), false,
                false, own, null, fallbackNames(names));
    }

    /** {@code uri/test} when {@code uri} holds nothing but split folders, else {@code uri}. */
    static String splitRoot(DatasetFiles files, String uri) {
        List<FileStatus> dirs = files.list(uri).stream().filter(FileStatus::isDirectory).toList();
        boolean onlySplits = !dirs.isEmpty() && dirs.stream()
                .allMatch(d -> SPLITS.contains(d.getPath().getName().toLowerCase(Locale.ROOT)));
        String test = DatasetFiles.child(uri, "test");
        return onlySplits && files.isDirectory(test) ? test : uri;
    }

    /** A {@code classnames.txt} next to the class folders, as clip_benchmark's downloads have. */
    private static PromptList ownClassNames(DatasetFiles files, String uri) {
        String file = DatasetFiles.child(uri, "classnames.txt");
        return files.isFile(file) ? new PromptList(files.lines(file), "classnames.txt") : null;
    }

    /** Folder names, or Country211's country names when the folders are its ISO codes. */
    private static PromptList fallbackNames(List<String> folderNames) {
        List<String> countries = BuiltinPrompts.country211Names(folderNames);
        return countries != null ? new PromptList(countries, "prompts/country211/classnames.tsv")
                : new PromptList(folderNames, "folder names");
    }

    /** Lists one class folder recursively on an executor. */
    private static final class FolderLister implements FlatMapFunction<Tuple2<String, Integer>, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<SerializableConfiguration> conf;

        FolderLister(Broadcast<SerializableConfiguration> conf) {
            this.conf = conf;
        }

        @Override
        public Iterator<Row> call(Tuple2<String, Integer> folder) throws IOException {
            Path dir = new Path(folder._1());
            FileSystem fs = dir.getFileSystem(conf.value().get());
            List<String> images = new ArrayList<>();
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
            while (files.hasNext()) {
                Path path = files.next().getPath();
                if (isImage(path.getName())) {
                    images.add(path.toString());
                }
            }
            images.sort(null);
            return images.stream().map(p -> RowFactory.create(p, folder._2())).iterator();
        }
    }

    static boolean isImage(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
