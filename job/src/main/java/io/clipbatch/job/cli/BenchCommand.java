package io.clipbatch.job.cli;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.image.PreprocessConfig;
import io.clipbatch.core.image.PreprocessMode;
import io.clipbatch.core.session.SessionSettings;
import io.clipbatch.job.bench.ApiStage;
import io.clipbatch.job.bench.BenchImages;
import io.clipbatch.job.bench.InferenceStage;
import io.clipbatch.job.bench.PipelineStage;
import io.clipbatch.job.bench.PreprocessStages;
import io.clipbatch.job.bench.ScalingStage;
import io.clipbatch.job.bench.SearchStage;
import io.clipbatch.job.bench.Throughput;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures throughput per stage, in images/s and images/s per core:",
            "  decode    read + decode only",
            "  exact     read + decode + exact preprocessing (Pillow's pixels)",
            "  fast      read + decode + fast preprocessing (JPEGs decoded shrunk)",
            "  ort       ONNX Runtime alone on ready tensors (needs --model)",
            "  pipeline  a partition's pipeline: readers, decoders and the model at once (needs --model)",
            "  scaling   the whole score job on growing counts, in one Spark session (needs --model)",
            "  api       score, the ClipImageEmbedder transformer and SQL's clip_score on the same images, in turns"
                + " (needs --model)",
            "  search    exact top-k search over --search-rows generated unit vectors, against the BLAS's sgemm peak",
            "Compare with tools/bench/pillow_baseline.py run on the same images in the same session."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--images", paramLabel = "DIR", description = "A folder of images (tools/bench/make_image_sets.py).")
    Path images;

    @Option(names = "--model", paramLabel = "DIR", description = "Model bundle, for ort, pipeline and scaling.")
    Path model;

    @Option(names = "--stages", split = ",", paramLabel = "LIST",
            description = "Stages to run (default: decode,exact,fast, plus ort,pipeline with --model).")
    List<String> stages;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Threads for decode, exact and fast (default: ${DEFAULT-VALUE}, the per-core figure).")
    int threads;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S",
            description = "Timed seconds per stage, after a warm-up (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "S", description = "Warm-up seconds (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Mixin
    RuntimeOptions runtime = new RuntimeOptions();

    @Mixin
    BatchOptions batch = new BatchOptions();

    @Option(names = "--decoder-threads", defaultValue = "0", paramLabel = "N",
            description = "Pipeline decoder threads; 0: one per core (default: ${DEFAULT-VALUE}).")
    int decoderThreads;

    @Option(names = "--preprocess", defaultValue = "exact", paramLabel = "exact|fast",
            description = "Preprocessing in the pipeline and scaling stages (default: ${DEFAULT-VALUE}).")
    String preprocess;

    @Option(names = "--pipeline-images", defaultValue = "0", paramLabel = "N",
            description = "Images through the pipeline stage; 0: about --seconds worth at the ort stage's rate.")
    int pipelineImages;

    @Option(names = "--scaling-counts", split = ",", defaultValue = "1000,10000,100000", paramLabel = "LIST",
            description = "Image counts for the scaling stage (default: ${DEFAULT-VALUE}).")
    List<Integer> scalingCounts;

    @Option(names = "--api-images", defaultValue = "10000", paramLabel = "N",
            description = "Images per run of the api stage (default: ${DEFAULT-VALUE}).")
    int apiImages;

    @Option(names = "--api-rounds", defaultValue = "3", paramLabel = "N",
            description = "Timed rounds of the api stage, each running all three in turn (default: ${DEFAULT-VALUE}).")
    int apiRounds;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Scratch folder for the scaling and api stages (default: target/bench/work).")
    Path work;

    @Option(names = "--search-rows", defaultValue = "1000000", paramLabel = "N",
            description = "Vectors searched by the search stage (default: ${DEFAULT-VALUE}).")
    long searchRows;

    @Option(names = "--search-queries", defaultValue = "1000", paramLabel = "N",
            description = "Queries of the search stage, 512 wide, top 20 each (default: ${DEFAULT-VALUE}).")
    int searchQueries;

    @Option(names = "--json", paramLabel = "FILE", description = "Also append each result as a JSON line to FILE.")
    Path json;

    @Option(names = "--pure-java-jpeg", description = "Decode JPEGs without libjpeg-turbo, as on a machine without it.")
    boolean pureJavaJpeg;

    @Mixin
    SparkOptions spark = new SparkOptions();

    private BenchImages imageSet;

    @Override
    public Integer call() throws Exception {
        if (pureJavaJpeg) {
            System.setProperty("clipbatch.turbojpeg", "false");
        }
        List<String> todo = stages != null ? stages : defaultStages();
        PreprocessMode mode = parseMode();
        Bundle bundle = model == null ? null : loadBundle();
        PreprocessConfig config = bundle != null ? bundle.preprocess() : PreprocessConfig.openai(224);
        SessionSettings settings = new SessionSettings(runtime.device(), runtime.intraOpThreads(),
                batch.batchSize());
        System.out.printf(Locale.ROOT, "clip-batch bench: %s, %d cores, java %s%n",
                images == null ? "no images" : images, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        double ortRate = 0;
        for (String stage : todo) {
            switch (stage) {
                case "decode" -> report(PreprocessStages.decode(images(), config, threads, warmup, seconds));
                case "exact" -> report(PreprocessStages.preprocess(images(), config, PreprocessMode.EXACT, threads,
                        warmup, seconds));
                case "fast" -> report(PreprocessStages.preprocess(images(), config, PreprocessMode.FAST, threads,
                        warmup, seconds));
                case "ort" -> ortRate = report(InferenceStage.run(needBundle(bundle), settings, images(), warmup,
                        seconds)).imagesPerSecond();
                case "pipeline" -> report(PipelineStage.run(needBundle(bundle), settings, images(), mode,
                        batch.readerThreads(), decoderThreads, pipelineCount(ortRate)));
                case "scaling" -> scaling(needBundle(bundle), mode);
                case "api" -> api(needBundle(bundle), mode);
                case "search" -> SearchStage.run(spark.session("clip-batch bench"), searchRows, 512, searchQueries, 20);
                default -> throw new UserError("--stages: unknown stage '" + stage
                        + "' (decode, exact, fast, ort, pipeline, scaling, api, search)");
            }
        }
        return 0;
    }

    private Bundle loadBundle() {
        if (!Files.isDirectory(model)) {
            throw new UserError("model " + model + " is not a directory (expected a model bundle)");
        }
        return Bundle.load(model);
    }

    private List<String> defaultStages() {
        List<String> all = new ArrayList<>(Arrays.asList("decode", "exact", "fast"));
        if (model != null) {
            all.addAll(Arrays.asList("ort", "pipeline"));
        }
        return all;
    }

    private PreprocessMode parseMode() {
        try {
            return PreprocessMode.parse(preprocess);
        } catch (IllegalArgumentException e) {
            throw new UserError("--preprocess: " + e.getMessage());
        }
    }

    /** The --images folder, listed once for all stages. */
    private BenchImages images() {
        if (imageSet == null) {
            if (images == null || !Files.isDirectory(images)) {
                throw new UserError("--images must be a folder of images (make them with tools/bench/make_image_sets.py)");
            }
            imageSet = BenchImages.in(images);
        }
        return imageSet;
    }

    private static Bundle needBundle(Bundle bundle) {
        if (bundle == null) {
            throw new UserError("the ort, pipeline, scaling and api stages need --model");
        }
        return bundle;
    }

    private int pipelineCount(double ortRate) {
        if (pipelineImages > 0) {
            return pipelineImages;
        }
        int estimate = ortRate > 0 ? (int) (ortRate * seconds) : 16 * batch.batchSize();
        return Math.max(4 * batch.batchSize(), estimate);
    }

    private void scaling(Bundle bundle, PreprocessMode mode) throws IOException, InterruptedException {
        Path scratch = scratch();
        for (ScalingStage.Run run : ScalingStage.run(spark.session("clip-batch bench"), jobSpec(bundle, mode), 5000,
                images(), scratch, scalingCounts)) {
            System.out.println(run.line());
            appendJson(run.json());
        }
    }

    private void api(Bundle bundle, PreprocessMode mode) throws IOException {
        UserError.requireAtLeast("--api-images", apiImages, 1);
        UserError.requireAtLeast("--api-rounds", apiRounds, 1);
        List<ApiStage.Run> runs = ApiStage.run(spark.session("clip-batch bench"), jobSpec(bundle, mode), images(),
                scratch(), apiImages, apiRounds);
        for (ApiStage.Run run : runs) {
            System.out.println(run.line());
            appendJson(run.json());
        }
        ApiStage.medians(runs).forEach(System.out::println);
    }

    /** How the scaling and api stages score: embeddings only, with this command's batch and threads. */
    private ScoringSpec jobSpec(Bundle bundle, PreprocessMode mode) {
        return runtime.spec(bundle.root()).batchSize(batch.batchSize()).readerThreads(batch.readerThreads())
                .topK(1).preprocess(mode).decoderThreads(decoderThreads).build();
    }

    private Path scratch() throws IOException {
        Path scratch = work != null ? work : Path.of("target/bench/work");
        Files.createDirectories(scratch);
        return scratch;
    }

    private Throughput report(Throughput result) throws IOException {
        System.out.println(result.line());
        appendJson(result.json());
        return result;
    }

    private void appendJson(String line) throws IOException {
        if (json != null) {
            Files.writeString(json, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
