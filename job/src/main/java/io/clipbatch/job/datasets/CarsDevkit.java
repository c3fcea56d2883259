package io.clipbatch.job.datasets;

import io.clipbatch.udfs.UserError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sources;
import us.hebi.matlab.mat.types.Struct;

/**
 * Stanford Cars' devkit, as torchvision's {@code StanfordCars} reads its test split: the 1 x N
 * struct array {@code annotations} of {@code cars_test_annos_withlabels.mat} gives each image's
 * {@code fname} (in {@code cars_test/}) and its 1-based {@code class}; {@code class_names} in
 * {@code cars_meta.mat} names the classes. Both files may sit at the root or in {@code devkit/}.
 */
final class CarsDevkit {
    static final String ANNOTATIONS = "cars_test_annos_withlabels.mat";
    static final String META = "cars_meta.mat";
    static final String IMAGES = "cars_test";

    private CarsDevkit() {}

    /** Where the test annotations are, or null when the folder is not a Cars devkit. */
    static String annotationsFile(DatasetFiles files, String uri) {
        return find(files, uri, ANNOTATIONS);
    }

    static LabelledImages read(SparkSession spark, DatasetFiles files, DatasetSpec spec) {
        String annotations = annotationsFile(files, spec.uri());
        if (annotations == null) {
            throw new UserError("dataset " + spec.uri() + " has no " + ANNOTATIONS + " (nor devkit/" + ANNOTATIONS + ")");
        }
        String images = DatasetFiles.child(spec.uri(), IMAGES);
        List<Row> rows = new ArrayList<>();
        try (MatFile mat = Mat5.newReader(Sources.wrap(files.read(annotations))).readMat()) {
            Struct entries = mat.getStruct("annotations");
            for (int i = 0; i < entries.getNumElements(); i++) {
                String fname = string(entries.get("fname", i), annotations, "fname");
                int label = integer(entries.get("class", i), annotations) - 1;
                rows.add(RowFactory.create(DatasetFiles.child(images, fname), label));
            }
        } catch (IOException | RuntimeException e) {
            throw badFile(annotations, "a struct array 'annotations' with 'fname' and 'class'", e);
        }
        // The annotation list is the index (tens of thousands of rows at most); the images stay on storage.
        int tasks = Math.max(1, Math.min(rows.size(), spark.sparkContext().defaultParallelism()));
        return new LabelledImages(spec.name(), DatasetFormat.CARS,
                spark.createDataFrame(rows, ClassFolders.SCHEMA).repartition(tasks), false, false,
                classNames(files, spec.uri()), null, null);
    }

    private static PromptList classNames(DatasetFiles files, String uri) {
        String meta = find(files, uri, META);
        if (meta == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        try (MatFile mat = Mat5.newReader(Sources.wrap(files.read(meta))).readMat()) {
            Cell cell = mat.getCell("class_names");
            for (int i = 0; i < cell.getNumElements(); i++) {
                names.add(string(cell.get(i), meta, "class_names"));
            }
        } catch (IOException | RuntimeException e) {
            throw badFile(meta, "a cell array 'class_names'", e);
        }
        return new PromptList(names, META);
    }

    private static String find(DatasetFiles files, String uri, String name) {
        for (String folder : List.of(uri, DatasetFiles.child(uri, "devkit"))) {
            String candidate = DatasetFiles.child(folder, name);
            if (files.isFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String string(Array value, String file, String field) {
        if (!(value instanceof Char text)) {
            throw new IllegalArgumentException("'" + field + "' is not text");
        }
        return text.getString().strip();
    }

    private static int integer(Array value, String file) {
        if (!(value instanceof Matrix number) || number.getNumElements() != 1) {
            throw new IllegalArgumentException("'class' is not a number");
        }
        return (int) number.getDouble(0);
    }

    private static UserError badFile(String file, String expected, Exception e) {
        return e instanceof UserError user ? user
                : new UserError(file + " is not a MATLAB v5 file with " + expected + " (" + e.getMessage() + ")");
    }
}
