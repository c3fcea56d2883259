package io.clipbatch.job.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.job.datasets.DatasetNames;
import io.clipbatch.job.datasets.PromptProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The published zero-shot top-1 figures (the paper's and clip_benchmark's), carried as one data
 * file, {@code published-zero-shot.json}, next to this class.
 */
public final class PublishedNumbers {
    private static final String RESOURCE = "published-zero-shot.json";

    /**
     * A model's published figures for one dataset, in percent; either may be null.
     *
     * @param protocol the run's: its figure (the paper's for openai, clip_benchmark's) is compared with
     */
    public record Reference(String model, Double paper, Double clipBenchmark, PromptProtocol protocol) {
        public Reference(String model, Double paper, Double clipBenchmark) {
            this(model, paper, clipBenchmark, PromptProtocol.CLIP_BENCHMARK);
        }

        /** Our accuracy (a fraction) minus the protocol's published figure, or the other when it has none, in points. */
        public Double delta(Float acc1) {
            Double own = protocol == PromptProtocol.OPENAI ? paper : clipBenchmark;
            Double published = own != null ? own : protocol == PromptProtocol.OPENAI ? clipBenchmark : paper;
            return acc1 == null || published == null ? null : Math.round((100.0 * acc1 - published) * 100) / 100.0;
        }
    }

    /**
     * A model's published zero-shot retrieval recall on a dataset, in percent, under clip_benchmark's
     * metric names; either map may be null.
     */
    public record RetrievalReference(String model, Map<String, Double> paper, Map<String, Double> clipBenchmark) {
    }

    private final JsonNode models;

    private PublishedNumbers(JsonNode models) {
        this.models = models;
    }

    public static PublishedNumbers load() {
        try (InputStream in = PublishedNumbers.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the job jar");
            }
            return new PublishedNumbers(new ObjectMapper().readTree(in).path("models"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The published model a name (a {@code --reference-name} or a bundle folder's name) stands for, or null. */
    public String modelFor(String name) {
        String key = normalize(name);
        for (JsonNode model : models) {
            for (JsonNode alias : model.path("aliases")) {
                if (normalize(alias.asText()).equals(key)) {
                    return model.path("name").asText();
                }
            }
        }
        return null;
    }

    /** The figures of {@code model} (as {@link #modelFor} names it) on a dataset, or null when unknown. */
    public Reference find(String model, String datasetName) {
        return find(model, datasetName, PromptProtocol.CLIP_BENCHMARK);
    }

    /** The same, compared as {@code protocol} says. */
    public Reference find(String model, String datasetName, PromptProtocol protocol) {
        if (model == null) {
            return null;
        }
        for (JsonNode entry : models) {
            if (entry.path("name").asText().equals(model)) {
                JsonNode figures = entry.path("acc1").path(DatasetNames.canonical(datasetName));
                if (figures.isMissingNode()) {
                    return null;
                }
                return new Reference(model, number(figures.path("paper")), number(figures.path("clip_benchmark")),
                        protocol);
            }
        }
        return null;
    }

    /** The retrieval figures of {@code model} (as {@link #modelFor} names it) on a dataset, or null when unknown. */
    public RetrievalReference findRetrieval(String model, String datasetName) {
        for (JsonNode entry : models) {
            if (model != null && entry.path("name").asText().equals(model)) {
                JsonNode figures = entry.path("retrieval").path(DatasetNames.canonical(datasetName));
                return figures.isMissingNode() ? null : new RetrievalReference(model, recalls(figures.path("paper")),
                        recalls(figures.path("clip_benchmark")));
            }
        }
        return null;
    }

    private static Map<String, Double> recalls(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), number(e.getValue())));
        return out;
    }

    private static Double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : null;
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
