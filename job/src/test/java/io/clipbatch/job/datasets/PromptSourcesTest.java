package io.clipbatch.job.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipbatch.udfs.ClipScoring;
import io.clipbatch.udfs.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompt sources: OpenAI's prompts.md, clip_benchmark's JSON, built-in sets, and which one wins. */
class PromptSourcesTest {
    static final DatasetFiles FILES = new DatasetFiles(new Configuration());
    static final PromptProtocol CB = PromptProtocol.CLIP_BENCHMARK;
    @TempDir
    Path work;

    private static boolean toldSkip;

    /** OpenAI's prompts.md from ../shared/clip; without it the test skips, and says so once on the console. */
    static Path sharedPromptsMd() {
        Path file = Path.of(System.getProperty("clipbatch.shared", "../../shared"), "clip", "prompts.md");
        if (!Files.isRegularFile(file)) {
            String reason = "../shared/clip absent: " + file + " not found";
            if (!toldSkip) {
                toldSkip = true;
                System.out.println(PromptSourcesTest.class.getSimpleName()
                        + " skips the tests that need OpenAI's files: " + reason);
            }
            Assumptions.assumeTrue(false,
                    reason + "; OpenAI's prompts.md is needed to test its parser on the real file");
        }
        return file;
    }

    @Test
    void parsesOpenAisPromptsMd() throws IOException {
        OpenAiPrompts prompts = OpenAiPrompts.parse(Files.readString(sharedPromptsMd()), "prompts.md");
        OpenAiPrompts.Block cars = prompts.find("cars");
        assertEquals("StanfordCars", cars.heading());
        assertEquals(196, cars.classes().size());
        assertEquals(8, cars.templates().size());
        assertEquals("a photo of a {}.", cars.templates().get(0));
        OpenAiPrompts.Block country = prompts.find("wds/country211");
        assertEquals(211, country.classes().size());
        assertEquals("Cote d'Ivoire", country.classes().get(37), "double-quoted literal with a quote inside");
        assertEquals(new ArrayList<>(BuiltinPrompts.country211().values()), country.classes(),
                "the shipped Country211 names are CLIP's, in ISO-code (folder) order");
        OpenAiPrompts.Block fer = prompts.find("fer2013");
        assertEquals(List.of("angry", "disgusted", "fearful", "happy", "sad", "surprised", "neutral"), fer.classes(),
                "synonym lists are named by their first synonym");
        assertNull(prompts.find("imagenet1k"), "prompts.md has no ImageNet section");
    }

    @Test
    void pythonLiteralsWithEscapesAndComments() {
        String md = "## Tiny\n\n```bash\nclasses = [\n    'it\\'s',  # a comment\n    \"say \\\"hi\\\"\",\n"
                + "    ['x', 'y'],\n]\n\ntemplates = ['a {}.', \"b {}.\",]\n```\n";
        OpenAiPrompts.Block block = OpenAiPrompts.parse(md, "inline").find("tiny");
        assertEquals(List.of("it's", "say \"hi\"", "x"), block.classes());
        assertEquals(List.of("a {}.", "b {}."), block.templates());
        UserError broken = assertThrows(UserError.class,
                () -> OpenAiPrompts.parse("## Bad\n```\nclasses = ['open\n```\n", "bad.md"));
        assertTrue(broken.getMessage().startsWith("bad.md (Bad): string not closed"), broken.getMessage());
    }

    @Test
    void clipBenchmarkJsonIsKeyedByDatasetName() throws IOException {
        Files.writeString(work.resolve(ClipBenchmarkPrompts.CLASSNAMES),
                "{\"cars\": [\"AM General Hummer SUV 2000\"], \"imagenet1k\": [\"tench\", \"goldfish\"]}");
        Files.writeString(work.resolve(ClipBenchmarkPrompts.TEMPLATES), "{\"imagenet1k\": [\"a photo of a {c}.\"]}");
        ClipBenchmarkPrompts prompts = ClipBenchmarkPrompts.read(FILES, work.toString());
        assertEquals(List.of("tench", "goldfish"), prompts.classes("ImageNet"));
        assertEquals(List.of("tench", "goldfish"), prompts.classes("wds/imagenet1k"));
        assertEquals(List.of("AM General Hummer SUV 2000"), prompts.classes("stanford_cars"));
        assertNull(prompts.templates("cars"));
    }

    @Test
    void explicitFilesThenTheDatasetsOwnThenClipBenchmarkThenPromptsMdThenFallbacks() throws IOException {
        Path classes = Files.writeString(work.resolve("classes.txt"), "one\ntwo\n");
        Files.writeString(work.resolve(ClipBenchmarkPrompts.CLASSNAMES), "{\"cars\": [\"cb car\"]}");
        Files.writeString(work.resolve(ClipBenchmarkPrompts.TEMPLATES), "{\"cars\": [\"cb {c}.\"]}");
        ClipBenchmarkPrompts clipBenchmark = ClipBenchmarkPrompts.read(FILES, work.toString());
        OpenAiPrompts openAi = OpenAiPrompts.parse(
                "## StanfordCars\n```\nclasses = ['md car']\ntemplates = ['md {}.']\n```\n", "prompts.md");
        LabelledImages withOwn = new LabelledImages("cars", DatasetFormat.CARS, null, false, false,
                new PromptList(List.of("meta car"), "cars_meta.mat"), null, null);
        LabelledImages bare = new LabelledImages("cars", DatasetFormat.FOLDERS, null, false, false, null, null,
                new PromptList(List.of("folder"), "folder names"));

        PromptSources explicit = new PromptSources(Map.of("", classes.toString()), Map.of("", "domain:satellite"),
                clipBenchmark, openAi, CB);
        PromptSources.PromptSet set = explicit.resolve(withOwn, FILES);
        assertEquals(List.of("one", "two"), set.classes().items());
        assertEquals("prompts/templates/domain/satellite.txt", set.templates().source());
        assertTrue(set.templates().items().contains("a satellite photo of {c}."));

        assertEquals(List.of("meta car"), new PromptSources(Map.of(), Map.of(), clipBenchmark, openAi, CB)
                .resolve(withOwn, FILES).classes().items());
        PromptSources.PromptSet fromClipBenchmark = new PromptSources(Map.of(), Map.of(), clipBenchmark, openAi, CB)
                .resolve(bare, FILES);
        assertEquals(List.of("cb car"), fromClipBenchmark.classes().items());
        assertEquals(List.of("cb {c}."), fromClipBenchmark.templates().items());
        PromptSources.PromptSet fromMd = new PromptSources(Map.of(), Map.of(), null, openAi, CB).resolve(bare, FILES);
        assertEquals(List.of("md car"), fromMd.classes().items());
        assertEquals(List.of("md {}."), fromMd.templates().items());
        PromptSources.PromptSet fallback = new PromptSources(Map.of(), Map.of(), null, null, CB).resolve(bare, FILES);
        assertEquals(List.of("folder"), fallback.classes().items());
        assertEquals(ClipScoring.DEFAULT_TEMPLATES, fallback.templates().items());
        PromptSources perDataset = new PromptSources(Map.of("other", classes.toString()), Map.of(), null, null, CB);
        assertEquals(List.of("folder"), perDataset.resolve(bare, FILES).classes().items(), "NAME= applies to NAME only");
    }

    @Test
    void builtinTemplateSets() {
        assertEquals(7, BuiltinPrompts.templates("default").items().size());
        for (String domain : List.of("medical", "satellite", "art")) {
            assertTrue(BuiltinPrompts.templates("domain:" + domain).items().stream().allMatch(t -> t.contains("{c}")));
        }
        assertNull(BuiltinPrompts.templates("my-templates.txt"));
        UserError unknown = assertThrows(UserError.class, () -> BuiltinPrompts.templates("domain:underwater"));
        assertTrue(unknown.getMessage().contains("domain:satellite"), unknown.getMessage());
        assertEquals(Map.of("", "a", "cars", "b"),
                DatasetSpec.perDataset(List.of("a", "cars=b"), List.of("cars", "wds"), "--classes"));
        assertThrows(UserError.class, () -> DatasetSpec.perDataset(List.of("a", "b"), List.of(), "--classes"));
    }
}
