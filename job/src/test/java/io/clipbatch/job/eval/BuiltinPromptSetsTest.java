package io.clipbatch.job.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.session.Device;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import io.clipbatch.job.SparkTestSession;
import io.clipbatch.job.cli.ClipBatch;
import io.clipbatch.job.datasets.DatasetReader;
import io.clipbatch.job.datasets.DatasetSpec;
import io.clipbatch.job.datasets.LabelledImages;
import io.clipbatch.job.datasets.PromptProtocol;
import io.clipbatch.job.datasets.PromptSources;
import io.clipbatch.udfs.ClipScoring;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval picks a built-in prompt set by the dataset's name, refuses folder trees that do not fit it, and --protocol. */
class BuiltinPromptSetsTest {
    static final String TINY = SparkTestSession.TINY_IMMICH.toString();
    static SparkSession spark;
    @TempDir
    static Path work;
    static List<Path> apples;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkTestSession.get();
        apples = EvalFixtures.folderImages().stream().map(entry -> (Path) entry[0])
                .filter(p -> p.getParent().getFileName().toString().equals("apple")).limit(3).toList();
    }

    /**
     * ImageNet val as WordNet-id folders: label i is the i-th sorted id, named by ImageNet's i-th name,
     * with no class flag. {@code --templates default} keeps the text tower at 7,000 prompts rather than
     * the 80,000 of the built-in 80 templates (minutes on two cores); that the set brings those 80 is
     * checked where it is resolved (PromptSourcesTest).
     */
    @Test
    void wordNetFoldersGetImageNetsNamesWithNoClassFlag() throws IOException {
        Path tree = wordNetTree(work.resolve("imagenet-val"), 1000, Map.of(0, 2, 999, 1));
        Path out = work.resolve("imagenet-eval");
        Run run = run("eval", "--model", TINY, "--device", "cpu", "--dataset", "imagenet1k=" + tree,
                "--templates", "default", "--output", out.toString());
        assertEquals(0, run.code(), run.err());
        assertFalse(run.err().contains("warning"), run.err());
        JsonNode row = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get(0);
        assertEquals(1000, row.get("classes").asInt());
        assertEquals("prompts/datasets/imagenet1k/classnames.txt (clip_benchmark protocol)",
                row.get("class_source").asText());
        List<String> labels = spark.read().parquet(row.get("predictions").asText()).orderBy("path")
                .selectExpr("concat(label_index, ' ', label)").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertEquals(List.of("0 tench", "0 tench", "999 toilet paper"), labels);
        assertTrue(Files.readString(out.resolve("report.md")).contains("prompts/datasets/imagenet1k/classnames.txt"));
    }

    @Test
    void aTreeWithTheWrongFolderCountIsRefused() throws IOException {
        Path tree = wordNetTree(work.resolve("short-val"), 999, Map.of(0, 1));
        Path out = work.resolve("short-eval");
        Run run = run("eval", "--model", TINY, "--device", "cpu", "--dataset", "imagenet1k=" + tree,
                "--output", out.toString());
        assertEquals(2, run.code());
        assertEquals(List.of("clip-batch: dataset imagenet1k has 999 class folders but 1000 class names (from "
                + "prompts/datasets/imagenet1k/classnames.txt (clip_benchmark protocol)), so its labels cannot be "
                + "named: point it at the folder that holds all 1000 class folders, or give names that fit with "
                + "--classes"), run.err().lines().toList());
        assertFalse(Files.exists(out.resolve("predictions")), "refused before anything is written");
    }

    @Test
    void wordNetFoldersWithNoSetChosenGetAWarningThatNamesTheFix() throws IOException {
        Path tree = wordNetTree(work.resolve("val"), 3, Map.of(1, 1));
        Run run = run("eval", "--model", TINY, "--device", "cpu", "--dataset", tree.toString(),
                "--output", work.resolve("val-eval").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("clip-batch: warning: dataset val has 3 class folders named by WordNet id "
                + "(n00000000...), which become its class names; for ImageNet's names name it imagenet1k "
                + "(--dataset imagenet1k=DIR), or pass --classes"), run.err());
    }

    /** Under openai a FER2013 class is the mean over its 6 templates x every synonym; under clip_benchmark, its first. */
    @Test
    void fer2013SynonymsAreAveragedUnderOpenAi() throws IOException {
        List<String> folders = List.of("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise");
        Path tree = work.resolve("fer");
        for (int c = 0; c < folders.size(); c++) {
            Path folder = Files.createDirectories(tree.resolve(folders.get(c)));
            if (c % 3 == 0) {
                Files.copy(apples.get(c / 3), folder.resolve("face.jpg"));
            }
        }
        Path out = work.resolve("fer-eval");
        Run run = run("eval", "--model", TINY, "--device", "cpu", "--dataset", "fer2013=" + tree, "--protocol", "openai",
                "--output", out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode row = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get(0);
        assertEquals("prompts/datasets/fer2013/classnames.txt (openai protocol)", row.get("class_source").asText());

        // prompts.md's FER2013 synonyms, in the label order of the sorted folders.
        List<List<String>> synonyms = List.of(List.of("angry"), List.of("disgusted"), List.of("fearful"),
                List.of("happy", "smiling"), List.of("neutral", "bored"), List.of("sad", "depressed"),
                List.of("surprised", "shocked", "spooked"));
        List<String> templates = List.of("a photo of a {} looking face.", "a photo of a face showing the emotion: {}.",
                "a photo of a face looking {}.", "a face that looks {}.", "they look {}.", "look at how {} they are.");
        float[][] averaged = classVectors(synonyms, templates);
        float[][] firstNames = classVectors(synonyms.stream().map(names -> names.subList(0, 1)).toList(), templates);
        List<Row> predictions = spark.read().parquet(row.get("predictions").asText())
                .selectExpr("embedding", "topk[0].index", "topk[0].score").collectAsList();
        assertEquals(3, predictions.size());
        double firstNameGap = 0;
        for (Row prediction : predictions) {
            float[] image = floats(prediction.getList(0));
            float[] expected = softmax(averaged, image);
            int best = argmax(expected);
            assertEquals(best, prediction.getInt(1));
            assertEquals(expected[best], prediction.getFloat(2), 1e-4f);
            firstNameGap = Math.max(firstNameGap, Math.abs(softmax(firstNames, image)[best] - expected[best]));
        }
        assertTrue(firstNameGap > 1e-3, "the synonyms change the scores: " + firstNameGap);
    }

    /** A shard's own classnames.txt and templates win over the built-in set of its name. */
    @Test
    void aShardsOwnClassNamesWinOverTheBuiltinSet() {
        DatasetReader reader = new DatasetReader(spark, "path", "label");
        LabelledImages shards = reader.open(DatasetSpec.parse("cars=" + EvalFixtures.WDS, null));
        PromptSources.PromptSet prompts = new PromptSources(Map.of(), Map.of(), null, null,
                PromptProtocol.CLIP_BENCHMARK).resolve(shards, reader.files());
        assertEquals(EvalFixtures.CLASSES, prompts.classes().items());
        assertEquals("classnames.txt", prompts.classes().source());
        assertEquals(2, prompts.templates().items().size());
    }

    /** --protocol picks the published figure delta_acc1 is taken from. */
    @Test
    void theProtocolPicksThePublishedColumn() {
        PublishedNumbers published = PublishedNumbers.load();
        PublishedNumbers.Reference clipBenchmark = published.find("ViT-B/32", "cars", PromptProtocol.CLIP_BENCHMARK);
        PublishedNumbers.Reference openAi = published.find("ViT-B/32", "cars", PromptProtocol.OPENAI);
        assertEquals(50.0 - 59.41, clipBenchmark.delta(0.5f), 1e-9);
        assertEquals(50.0 - 59.4, openAi.delta(0.5f), 1e-9);
        assertEquals(50.0 - 59.4, new PublishedNumbers.Reference("m", 59.4, null).delta(0.5f), 1e-9,
                "the other figure when the protocol's is unknown");
    }

    /** {@code count} folders n00000000..., with {@code images} apple pictures in the folders they name. */
    private static Path wordNetTree(Path root, int count, Map<Integer, Integer> images) throws IOException {
        for (int i = 0; i < count; i++) {
            Path folder = Files.createDirectories(root.resolve(String.format(Locale.ROOT, "n%08d", i)));
            for (int k = 0; k < images.getOrDefault(i, 0); k++) {
                Files.copy(apples.get(k), folder.resolve("ILSVRC2012_val_" + i + "_" + k + ".jpg"));
            }
        }
        return root;
    }

    /** Each class: the normalised mean of the tiny model's normalised embeddings of every template x name. */
    private static float[][] classVectors(List<List<String>> classes, List<String> templates) {
        List<String> prompts = new ArrayList<>();
        for (List<String> names : classes) {
            for (String name : names) {
                templates.forEach(t -> prompts.add(t.replace("{}", name)));
            }
        }
        // A head whose classes are the prompts themselves gives each prompt's normalised embedding.
        float[][] embeddings = ClipScoring.zeroShotHead(Bundle.load(SparkTestSession.TINY_IMMICH), Device.CPU, 1,
                prompts, List.of("{}")).weights();
        float[][] out = new float[classes.size()][];
        int at = 0;
        for (int c = 0; c < classes.size(); c++) {
            int count = classes.get(c).size() * templates.size();
            float[] mean = new float[embeddings[0].length];
            for (int p = at; p < at + count; p++) {
                for (int d = 0; d < mean.length; d++) {
                    mean[d] += embeddings[p][d];
                }
            }
            at += count;
            out[c] = unit(mean);
        }
        return out;
    }

    private static float[] softmax(float[][] classes, float[] image) {
        float[] unitImage = unit(image);
        double[] logits = new double[classes.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes.length; c++) {
            double dot = 0;
            for (int d = 0; d < unitImage.length; d++) {
                dot += unitImage[d] * classes[c][d];
            }
            logits[c] = ZeroShotHead.LOGIT_SCALE * dot;
            max = Math.max(max, logits[c]);
        }
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        float[] out = new float[logits.length];
        for (int c = 0; c < logits.length; c++) {
            out[c] = (float) (logits[c] / sum);
        }
        return out;
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return out;
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    record Run(int code, String out, String err) {
    }

    /** Runs the command line with stdout and stderr captured. */
    private static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = ClipBatch.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
