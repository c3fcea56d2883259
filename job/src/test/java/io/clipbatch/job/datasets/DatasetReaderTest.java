package io.clipbatch.job.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.eval.EvalFixtures;
import io.clipbatch.udfs.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every layout read into the same (image, label) pairs and class names. */
class DatasetReaderTest {
    static SparkSession spark;
    static DatasetReader reader;
    static List<Object[]> images;
    @TempDir
    static Path work;

    @BeforeAll
    static void setUp() throws IOException {
        spark = SparkTestSession.get();
        reader = new DatasetReader(spark, "image_path", "label");
        images = EvalFixtures.folderImages();
    }

    private static LabelledImages open(String name, Path where) {
        return reader.open(new DatasetSpec(name, where.toString(), null));
    }

    @Test
    void classFoldersAreLabelledBySortedFolderName() {
        LabelledImages folders = open("folders", EvalFixtures.FOLDERS);
        assertEquals(DatasetFormat.FOLDERS, folders.format());
        assertEquals(EvalFixtures.CLASSES, folders.fallbackClasses().items());
        Map<String, Integer> labels = new HashMap<>();
        for (Row row : folders.rows().collectAsList()) {
            labels.put(Path.of(row.getString(0).replace("file:", "")).getFileName().toString(), row.getInt(1));
        }
        assertEquals(images.size(), labels.size());
        for (Object[] image : images) {
            assertEquals(image[1], labels.get(((Path) image[0]).getFileName().toString()), image[0].toString());
        }
    }

    @Test
    void webDatasetShardsStreamSamplesWhateverTheMemberOrder() throws IOException {
        LabelledImages wds = open("wds", EvalFixtures.WDS);
        assertEquals(DatasetFormat.WDS, wds.format());
        assertEquals(2, wds.rows().rdd().getNumPartitions(), "one task per shard");
        assertEquals(EvalFixtures.CLASSES, wds.classes().items());
        assertEquals(List.of("a photo of a {c}.", "a close-up photo of a {c}."), wds.templates().items());
        List<Row> rows = wds.rows().collectAsList();
        assertEquals(images.size(), rows.size());
        for (Row row : rows) {
            // sample s000000i holds the i-th image of the folder tree (the generator's order)
            String path = row.getString(0);
            int i = Integer.parseInt(path.substring(path.indexOf("#s") + 2, path.lastIndexOf('.')));
            Object[] image = images.get(indexOfSample(i));
            assertArrayEquals(Files.readAllBytes((Path) image[0]), (byte[]) row.get(1), path);
            assertEquals(image[1], row.getInt(2), path);
        }
    }

    /** The folder tree sorts img030 (the broken one, class apple) among apple's files. */
    private static int indexOfSample(int sample) {
        String name = String.format("img%03d.", sample);
        for (int k = 0; k < images.size(); k++) {
            if (((Path) images.get(k)[0]).getFileName().toString().startsWith(name)) {
                return k;
            }
        }
        throw new AssertionError("no image " + name);
    }

    @Test
    void carsDevkitLabelsAreOneBasedInTheMatFile() {
        LabelledImages cars = open("cars", EvalFixtures.CARS);
        assertEquals(DatasetFormat.CARS, cars.format());
        assertEquals(EvalFixtures.CLASSES, cars.classes().items(), "class_names of cars_meta.mat");
        List<Row> rows = cars.rows().orderBy("path").collectAsList();
        assertEquals(images.size(), rows.size());
        for (Row row : rows) {
            String name = Path.of(row.getString(0)).getFileName().toString();
            int sample = Integer.parseInt(name.substring(0, 5)) - 1;
            assertEquals(images.get(indexOfSample(sample))[1], row.getInt(1), name);
            assertTrue(row.getString(0).contains("cars_test/"));
        }
    }

    @Test
    void huggingFaceParquetCarriesBytesAndClassNames() throws IOException {
        Path dir = EvalFixtures.writeHuggingFace(spark, work.resolve("hf"));
        LabelledImages hf = open("hf", dir);
        assertEquals(DatasetFormat.HF, hf.format());
        assertTrue(hf.withBytes());
        assertEquals(EvalFixtures.CLASSES, hf.classes().items(), "names from the 'huggingface' footer entry");
        assertEquals(images.size(), hf.rows().count());
        Row first = hf.rows().filter("path like '%#img000.jpg'").first();
        assertArrayEquals(Files.readAllBytes((Path) images.get(0)[0]), (byte[]) first.get(1));
    }

    @Test
    void manifestsLabelledByNameGetSortedClassIndices() throws IOException {
        Path dir = EvalFixtures.writeManifest(spark, work.resolve("manifest"));
        LabelledImages manifest = open("manifest", dir);
        assertEquals(DatasetFormat.MANIFEST, manifest.format());
        assertTrue(manifest.textLabels());
        List<String> classes = DatasetReader.classesOfTextLabels(manifest, null);
        assertEquals(EvalFixtures.CLASSES, classes);
        List<Row> rows = DatasetReader.indexTextLabels(manifest, classes).collectAsList();
        for (Row row : rows) {
            assertEquals(EvalFixtures.CLASSES.indexOf(Path.of(row.getString(0)).getParent().getFileName().toString()),
                    row.getInt(1));
        }
        UserError unknown = assertThrows(UserError.class,
                () -> DatasetReader.indexTextLabels(manifest, List.of("apple", "banana")));
        assertTrue(unknown.getMessage().contains("not among its 2 class names"), unknown.getMessage());
    }

    @Test
    void country211FoldersGetCountryNamesAndTheTestSplit() throws IOException {
        Path root = work.resolve("country211");
        for (String split : List.of("train", "test")) {
            for (String code : List.of("AD", "FR", "ZW")) {
                Path dir = Files.createDirectories(root.resolve(split).resolve(code));
                Files.copy((Path) images.get(0)[0], dir.resolve("1.jpg"));
            }
        }
        LabelledImages country = open("country211", root);
        assertEquals(List.of("Andorra", "France", "Zimbabwe"), country.fallbackClasses().items());
        assertTrue(country.rows().collectAsList().stream().allMatch(r -> r.getString(0).contains("/test/")));
    }

    @Test
    void country211NamesCoverAllItsCodesInFolderOrder() {
        Map<String, String> table = BuiltinPrompts.country211();
        assertEquals(211, table.size());
        List<String> codes = new ArrayList<>(table.keySet());
        List<String> sorted = new ArrayList<>(codes);
        sorted.sort(null);
        assertEquals(sorted, codes, "rows in folder (label) order");
        assertEquals("United States", table.get("US"));
        assertNull(BuiltinPrompts.country211Names(List.of("AD", "apple")));
    }

    @Test
    void detectionAndMistakes() {
        assertThrows(UserError.class, () -> DatasetFormat.parse("zip"));
        assertEquals(DatasetFormat.HF, DatasetFormat.parse("hf"));
        assertEquals(new DatasetSpec("cars", "/data/cars", null), DatasetSpec.parse("cars=/data/cars", null));
        assertEquals("val", DatasetSpec.parse("s3a://bucket/imagenet/val/", null).name());
        UserError missing = assertThrows(UserError.class, () -> open("none", work.resolve("nothing-here")));
        assertTrue(missing.getMessage().contains("nothing-here"), missing.getMessage());
        assertEquals(-1, ImageMembers.rank("cls"));
        assertEquals("dir/s0000001", TarSamples.keyOf("dir/s0000001.seg.png"));
        assertNull(TarSamples.keyOf("dir/.hidden"));
    }
}
