package io.clipbatch.job.datasets;

import io.clipbatch.udfs.ClipScoring;
import io.clipbatch.udfs.input.TemplateFile;
import java.util.List;
import java.util.Map;

/**
 * Where a dataset's class names and templates come from, first found wins:
 * <ol>
 *   <li>{@code --classes} / {@code --templates} (a file, or a built-in set such as {@code domain:satellite});</li>
 *   <li>the dataset's own files ({@code classnames.txt}, the Cars meta file, Hugging Face metadata);</li>
 *   <li>clip_benchmark's JSON files, keyed by dataset name;</li>
 *   <li>OpenAI's prompts.md, by section;</li>
 *   <li>for class names: the folder names (Country211's ISO codes become country names);
 *       for templates: CLIP's {@code a photo of a {}.}</li>
 * </ol>
 *
 * @param classFiles    {@code --classes}: by dataset name, {@code ""} for every dataset
 * @param templateSpecs {@code --templates}: by dataset name, {@code ""} for every dataset
 */
public record PromptSources(Map<String, String> classFiles, Map<String, String> templateSpecs,
                            ClipBenchmarkPrompts clipBenchmark, OpenAiPrompts openAi) {

    /** The class names and templates for one dataset. */
    public record PromptSet(PromptList classes, PromptList templates) {
    }

    public PromptSet resolve(LabelledImages dataset, DatasetFiles files) {
        return new PromptSet(classes(dataset, files), templates(dataset, files));
    }

    private PromptList classes(LabelledImages dataset, DatasetFiles files) {
        String file = forDataset(classFiles, dataset.name());
        if (file != null) {
            return new PromptList(files.lines(file), file);
        }
        if (dataset.classes() != null) {
            return dataset.classes();
        }
        List<String> fromClipBenchmark = clipBenchmark == null ? null : clipBenchmark.classes(dataset.name());
        if (fromClipBenchmark != null) {
            return new PromptList(fromClipBenchmark, ClipBenchmarkPrompts.CLASSNAMES);
        }
        OpenAiPrompts.Block block = openAi == null ? null : openAi.find(dataset.name());
        if (block != null && block.classes() != null) {
            return new PromptList(block.classes(), "prompts.md (" + block.heading() + ")");
        }
        if (dataset.fallbackClasses() != null) {
            return dataset.fallbackClasses();
        }
        return null; // text-labelled manifests name their classes from the labels themselves
    }

    private PromptList templates(LabelledImages dataset, DatasetFiles files) {
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
        return new PromptList(ClipScoring.DEFAULT_TEMPLATES, "CLIP's default");
    }

    private static String forDataset(Map<String, String> byDataset, String name) {
        return byDataset.containsKey(name) ? byDataset.get(name) : byDataset.get("");
    }
}
