package io.clipbatch.job.datasets;

import io.clipbatch.udfs.ClipScoring;
import io.clipbatch.udfs.input.TemplateFile;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a dataset's class names and templates come from, first found wins:
 * <ol>
 *   <li>{@code --classes} / {@code --templates} (a file, or a built-in set such as {@code domain:satellite});</li>
 *   <li>the dataset's own files ({@code classnames.txt}, the Cars meta file, Hugging Face metadata);</li>
 *   <li>clip_benchmark's JSON files, keyed by dataset name;</li>
 *   <li>OpenAI's prompts.md, by section;</li>
 *   <li>the built-in set of the dataset's name ({@code prompts/datasets/}), under the protocol;</li>
 *   <li>for class names: the folder names (Country211's ISO codes become country names);
 *       for templates: CLIP's {@code a photo of a {}.}</li>
 * </ol>
 * Under {@link PromptProtocol#OPENAI}, class names from the dataset or clip_benchmark's JSON that are
 * the first names of the built-in set's synonym lists (FER2013's) get the other names too.
 *
 * @param classFiles    {@code --classes}: by dataset name, {@code ""} for every dataset
 * @param templateSpecs {@code --templates}: by dataset name, {@code ""} for every dataset
 * @param protocol      whose names the built-in sets and prompts.md give: every synonym, or the first
 */
public record PromptSources(Map<String, String> classFiles, Map<String, String> templateSpecs,
                            ClipBenchmarkPrompts clipBenchmark, OpenAiPrompts openAi, PromptProtocol protocol) {

    /** The class names and templates for one dataset. */
    public record PromptSet(PromptList classes, PromptList templates) {
    }

    public PromptSet resolve(LabelledImages dataset, DatasetFiles files) {
        PromptSet builtinSet = BuiltinPrompts.dataset(dataset.name(), protocol);
        return new PromptSet(classes(dataset, files, builtinSet), templates(dataset, files, builtinSet));
    }

    private PromptList classes(LabelledImages dataset, DatasetFiles files, PromptSet builtinSet) {
        String file = forDataset(classFiles, dataset.name());
        if (file != null) {
            return new PromptList(files.lines(file), file);
        }
        if (dataset.classes() != null) {
            return withSynonyms(dataset.classes(), builtinSet);
        }
        List<String> fromClipBenchmark = clipBenchmark == null ? null : clipBenchmark.classes(dataset.name());
        if (fromClipBenchmark != null) {
            return withSynonyms(new PromptList(fromClipBenchmark, ClipBenchmarkPrompts.CLASSNAMES), builtinSet);
        }
        OpenAiPrompts.Block block = openAi == null ? null : openAi.find(dataset.name());
        if (block != null && block.classes() != null) {
            return new PromptList(block.classes(), "prompts.md (" + block.heading() + ")",
                    protocol == PromptProtocol.OPENAI ? block.synonyms() : null);
        }
        if (builtinSet != null) {
            return builtinSet.classes();
        }
        if (dataset.fallbackClasses() != null) {
            return dataset.fallbackClasses();
        }
        return null; // text-labelled manifests name their classes from the labels themselves
    }

    /** {@code names} with the built-in set's synonyms for the names that start one of its lists. */
    private static PromptList withSynonyms(PromptList names, PromptSet builtin) {
        if (builtin == null || !builtin.classes().hasSynonyms()) {
            return names;
        }
        Map<String, List<String>> byFirst = new HashMap<>();
        builtin.classes().synonyms().forEach(list -> byFirst.put(list.get(0).toLowerCase(Locale.ROOT), list));
        List<List<String>> synonyms = names.items().stream().map(name -> {
            List<String> list = byFirst.get(name.toLowerCase(Locale.ROOT));
            return list == null ? List.of(name)
                    : Stream.concat(Stream.of(name), list.stream().skip(1)).toList();
        }).toList();
        PromptList out = new PromptList(names.items(), names.source() + " with synonyms from "
                + builtin.classes().source(), synonyms);
        return out.hasSynonyms() ? out : names;
    }

    private PromptList templates(LabelledImages dataset, DatasetFiles files, PromptSet builtinSet) {
        String spec = forDataset(templateSpecs, dataset.name());
        if (spec != null) {
            PromptList builtin = BuiltinPrompts.templates(spec);
            return builtin != null ? builtin : new PromptList(TemplateFile.parse(files.readText(spec), "--templates " + spec), spec);
        }
        if (dataset.templates() != null) {
            return dataset.templates();
        }
        List<String> fromClipBenchmark = clipBenchmark == null ? null : clipBenchmark.templates(dataset.name());
        if (fromClipBenchmark != null) {
            return new PromptList(fromClipBenchmark, ClipBenchmarkPrompts.TEMPLATES);
        }
        OpenAiPrompts.Block block = openAi == null ? null : openAi.find(dataset.name());
        if (block != null && block.templates() != null) {
            return new PromptList(block.templates(), "prompts.md (" + block.heading() + ")");
        }
        if (builtinSet != null) {
            return builtinSet.templates();
        }
        return new PromptList(ClipScoring.DEFAULT_TEMPLATES, "CLIP's default");
    }

    private static String forDataset(Map<String, String> byDataset, String name) {
        return byDataset.containsKey(name) ? byDataset.get(name) : byDataset.get("");
    }
}
