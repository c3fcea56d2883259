package io.clipbatch.job.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        PromptSources.PromptSet builtin = new PromptSources(Map.of(), Map.of(), null, null, CB).resolve(bare, FILES);
        assertEquals(196, builtin.classes().items().size(), "then the built-in set of the name");
        assertEquals("prompts/datasets/cars/templates.txt", builtin.templates().source());
        LabelledImages unknown = new LabelledImages("fruit", DatasetFormat.FOLDERS, null, false, false, null, null,
                new PromptList(List.of("folder"), "folder names"));
        PromptSources.PromptSet fallback = new PromptSources(Map.of(), Map.of(), null, null, CB).resolve(unknown, FILES);
        assertEquals(List.of("folder"), fallback.classes().items());
        assertEquals(ClipScoring.DEFAULT_TEMPLATES, fallback.templates().items());
        PromptSources perDataset = new PromptSources(Map.of("other", classes.toString()), Map.of(), null, null, CB);
        assertEquals(List.of("folder"), perDataset.resolve(unknown, FILES).classes().items(), "NAME= applies to NAME only");
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

    @Test
    void builtinSetsByDatasetName() {
        PromptSources.PromptSet imagenet = BuiltinPrompts.dataset("imagenet1k", CB);
        assertEquals(1000, imagenet.classes().items().size());
        assertEquals(List.of("tench", "goldfish"), imagenet.classes().items().subList(0, 2));
        assertEquals("toilet paper", imagenet.classes().items().get(999));
        assertEquals(80, imagenet.templates().items().size());
        assertEquals("prompts/datasets/imagenet1k/classnames.txt (clip_benchmark protocol)", imagenet.classes().source());
        PromptSources.PromptSet cars = BuiltinPrompts.dataset("wds/cars", CB);
        assertEquals(196, cars.classes().items().size());
        assertEquals(8, cars.templates().items().size());
        PromptSources.PromptSet country = BuiltinPrompts.dataset("Country211", CB);
        assertEquals(new ArrayList<>(BuiltinPrompts.country211().values()), country.classes().items());
        assertEquals(5, country.templates().items().size());
        assertNull(BuiltinPrompts.dataset("folders", CB));

        List<String> ferLabels = List.of("angry", "disgusted", "fearful", "happy", "neutral", "sad", "surprised");
        PromptList clipBenchmarkFer = BuiltinPrompts.dataset("fer2013", CB).classes();
        assertEquals(ferLabels, clipBenchmarkFer.items(), "label order: the sorted folders angry..neutral, sad, surprise");
        assertFalse(clipBenchmarkFer.hasSynonyms());
        PromptList openAiFer = BuiltinPrompts.dataset("fer2013", PromptProtocol.OPENAI).classes();
        assertEquals(ferLabels, openAiFer.items());
        assertEquals(List.of("surprised", "shocked", "spooked"), openAiFer.synonyms().get(6));
        assertEquals(List.of("annual crop land", "forest"),
                BuiltinPrompts.dataset("vtab/eurosat", CB).classes().items().subList(0, 2), "EuroSAT in label order");
        assertEquals("American Bulldog".toLowerCase(),
                BuiltinPrompts.dataset("pets", CB).classes().items().get(1).toLowerCase(), "Pets in label order");
    }

    /** Flags, the dataset's own files and the prompt files all win over a built-in set. */
    @Test
    void builtinSetComesAfterEverythingGiven() throws IOException {
        Path classes = Files.writeString(work.resolve("classes.txt"), "one\ntwo\n");
        LabelledImages bare = new LabelledImages("imagenet1k", DatasetFormat.FOLDERS, null, false, false, null, null,
                new PromptList(List.of("n01440764"), "folder names"));
        PromptSources.PromptSet builtin = new PromptSources(Map.of(), Map.of(), null, null, CB).resolve(bare, FILES);
        assertEquals(1000, builtin.classes().items().size());
        assertEquals(80, builtin.templates().items().size());
        PromptSources.PromptSet flags = new PromptSources(Map.of("", classes.toString()), Map.of("", "default"), null,
                null, CB).resolve(bare, FILES);
        assertEquals(List.of("one", "two"), flags.classes().items());
        assertEquals(7, flags.templates().items().size());
        LabelledImages withOwn = new LabelledImages("imagenet1k", DatasetFormat.WDS, null, true, true,
                new PromptList(List.of("own"), "classnames.txt"), new PromptList(List.of("own {c}."), "t.txt"), null);
        PromptSources.PromptSet own = new PromptSources(Map.of(), Map.of(), null, null, CB).resolve(withOwn, FILES);
        assertEquals(List.of("own"), own.classes().items());
        assertEquals(List.of("own {c}."), own.templates().items());
        OpenAiPrompts md = OpenAiPrompts.parse("## ImageNet\n```\nclasses = ['md']\ntemplates = ['md {}.']\n```\n", "p.md");
        assertEquals(List.of("md"), new PromptSources(Map.of(), Map.of(), null, md, CB).resolve(bare, FILES)
                .classes().items());
    }

    /** Under openai, FER2013's names from the dataset (a shard's classnames.txt) get prompts.md's synonyms. */
    @Test
    void openAiProtocolGivesTheDatasetsOwnNamesTheirSynonyms() {
        List<String> own = List.of("angry", "disgusted", "fearful", "happy", "neutral", "sad", "surprised");
        LabelledImages shard = new LabelledImages("wds/fer2013", DatasetFormat.WDS, null, true, true,
                new PromptList(own, "classnames.txt"), null, null);
        PromptList openAi = new PromptSources(Map.of(), Map.of(), null, null, PromptProtocol.OPENAI)
                .resolve(shard, FILES).classes();
        assertEquals(own, openAi.items());
        assertEquals(List.of("happy", "smiling"), openAi.synonyms().get(3));
        assertEquals(List.of("neutral", "bored"), openAi.synonyms().get(4));
        assertTrue(openAi.source().startsWith("classnames.txt with synonyms from prompts/datasets/fer2013/"),
                openAi.source());
        PromptList clipBenchmark = new PromptSources(Map.of(), Map.of(), null, null, CB).resolve(shard, FILES).classes();
        assertFalse(clipBenchmark.hasSynonyms());
        OpenAiPrompts.Block fer = OpenAiPrompts.parse(
                "## FER2013\n```\nclasses = [['happy', 'smiling'], ['sad']]\n```\n", "p.md").find("fer2013");
        LabelledImages bare = new LabelledImages("fer2013", DatasetFormat.FOLDERS, null, false, false, null, null,
                new PromptList(List.of("happy", "sad"), "folder names"));
        assertEquals(List.of("happy", "smiling"), new PromptSources(Map.of(), Map.of(), null,
                OpenAiPrompts.parse("## FER2013\n```\nclasses = [['happy', 'smiling'], ['sad']]\n```\n", "p.md"),
                PromptProtocol.OPENAI).resolve(bare, FILES).classes().synonyms().get(0), "--openai-prompts too");
        assertEquals(List.of(List.of("happy", "smiling"), List.of("sad")), fer.synonyms());
    }

    /** The committed sets are what tools/prompts/make_builtin_prompts.py makes of OpenAI's files (when present). */
    @Test
    void builtinSetsAreOpenAisLists() throws IOException {
        Path promptsMd = sharedPromptsMd();
        OpenAiPrompts md = OpenAiPrompts.parse(Files.readString(promptsMd), "prompts.md");
        for (String key : List.of("cifar10", "cifar100", "caltech101", "country211", "dtd", "eurosat", "fgvcaircraft",
                "fer2013", "flowers", "food101", "gtsrb", "mnist", "pets", "pcam", "resisc45", "renderedsst2", "stl10",
                "sun397", "cars")) {
            PromptSources.PromptSet builtin = BuiltinPrompts.dataset(key, PromptProtocol.OPENAI);
            OpenAiPrompts.Block block = md.find(key);
            assertEquals(new java.util.HashSet<>(block.synonyms()), new java.util.HashSet<>(builtin.classes().synonyms()),
                    key + ": the same classes, perhaps in another (label) order");
            assertEquals(block.synonyms().size(), builtin.classes().items().size(), key);
            assertEquals(block.templates(), builtin.templates().items(), key);
        }
        Path shared = promptsMd.getParent();
        assertEquals(DatasetFiles.nonBlankLines(Files.readString(shared.resolve("imagenet_classes.txt"))),
                BuiltinPrompts.dataset("imagenet1k", CB).classes().items());
        assertEquals(DatasetFiles.nonBlankLines(Files.readString(shared.resolve("imagenet_templates.txt"))),
                BuiltinPrompts.dataset("imagenet1k", CB).templates().items());
    }
}
