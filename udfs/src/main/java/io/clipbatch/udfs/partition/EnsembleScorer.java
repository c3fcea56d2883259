package io.clipbatch.udfs.partition;

import io.clipbatch.udfs.bundle.Bundle;
import io.clipbatch.udfs.image.ImageException;
import io.clipbatch.udfs.image.PillowImage;
import io.clipbatch.udfs.image.PreprocessConfig;
import io.clipbatch.udfs.image.PreprocessOptions;
import io.clipbatch.udfs.image.Preprocessor;
import io.clipbatch.udfs.session.ClipModel;
import io.clipbatch.udfs.session.SessionCache;
import io.clipbatch.udfs.session.SessionSettings;
import io.clipbatch.udfs.zeroshot.ZeroShotHead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The executor side of a model ensemble: every image is read and decoded once, preprocessed once
 * per distinct preprocessing among the members (a 336 px member gets its own tensor), embedded by
 * each member, and classified by the weighted mean of the members' softmax probabilities. Each
 * member's embedding is kept in {@code member_embeddings}. Rows come out once each, in input order.
 */
public final class EnsembleScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    public static final String MEMBER_EMBEDDINGS = "member_embeddings";
    static final StructType MEMBER_EMBEDDING = new StructType(new StructField[] {
        DataTypes.createStructField("member", DataTypes.StringType, false),
        DataTypes.createStructField("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false)});

    private final ScoringSpec spec;
    private final List<EnsembleMember> members;
    private final StructType inputSchema;
    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final Broadcast<ZeroShotHead[]> heads;

    /**
     * @param spec    the scoring settings (its bundle is ignored: each member names its own)
     * @param heads   one zero-shot head per member, in member order, all with the same classes
     */
    public EnsembleScorer(ScoringSpec spec, List<EnsembleMember> members, StructType inputSchema,
                          Broadcast<SerializableConfiguration> hadoopConf, Broadcast<ZeroShotHead[]> heads) {
        this.spec = spec;
        this.members = List.copyOf(members);
        this.inputSchema = inputSchema;
        this.hadoopConf = hadoopConf;
        this.heads = heads;
    }

    /** The input's columns, then {@code member_embeddings}, {@code error} and the zero-shot columns. */
    public static StructType outputSchema(StructType input) {
        List<StructField> fields = new ArrayList<>(Arrays.asList(input.fields()));
        fields.add(DataTypes.createStructField(MEMBER_EMBEDDINGS, DataTypes.createArrayType(MEMBER_EMBEDDING, false), true));
        fields.add(DataTypes.createStructField(ScoreSchema.ERROR, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(ScoreSchema.PRED_LABEL, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(ScoreSchema.PRED_INDEX, DataTypes.IntegerType, true));
        fields.add(DataTypes.createStructField(ScoreSchema.TOPK, DataTypes.createArrayType(ScoreSchema.TOPK_ENTRY, false), true));
        return new StructType(fields.toArray(new StructField[0]));
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TaskContext task = TaskContext.get();
        PreprocessOptions options = new PreprocessOptions(spec.exifTranspose(), spec.maxPixels());
        Tensors tensors = new Tensors();
        List<ClipModel> models = new ArrayList<>();
        int[] tensorOf = new int[members.size()];
        SessionSettings settings = new SessionSettings(DeviceChoice.forTask(spec.device(), task),
                spec.intraOpThreads(), spec.batchSize());
        for (int m = 0; m < members.size(); m++) {
            Bundle bundle = Bundle.load(Path.of(members.get(m).bundleDir()));
            models.add(SessionCache.get(bundle, settings));
            tensorOf[m] = tensors.indexOf(bundle.preprocess(), options);
        }
        ImageReader reader = new ImageReader(hadoopConf.value(), spec.maxFileBytes());
        int pathIndex = inputSchema.fieldIndex(spec.pathColumn());
        int bytesIndex = spec.bytesColumn() == null ? -1 : inputSchema.fieldIndex(spec.bytesColumn());
        ExecutorService workers = Executors.newFixedThreadPool(spec.readerThreads(),
                DecodePipeline.daemonThreads("clip-batch-ensemble-decoder"));
        ItemPipeline<Row> pipeline = new ItemPipeline<>(rows,
                row -> decode(row, pathIndex, bytesIndex, reader, tensors), workers, spec.decodeWindow());
        if (task != null) {
            task.addTaskCompletionListener(ctx -> {
                pipeline.cancel();
                workers.shutdownNow();
            });
        }
        return new EnsembleRows(pipeline, models, tensors.offsets(), tensors.lengths(), tensorOf, heads.value(),
                weights(), spec.batchSize(), spec.topK(), inputSchema.fields().length, workers,
                members.stream().map(EnsembleMember::name).toList());
    }

    private float[] weights() {
        float[] weights = new float[members.size()];
        for (int m = 0; m < weights.length; m++) {
            weights[m] = members.get(m).weight();
        }
        return weights;
    }

    /** Reads and decodes once, then writes every distinct preprocessing's tensor into one array. */
    private static ItemPipeline.Decoded<Row> decode(Row row, int pathIndex, int bytesIndex, ImageReader reader,
                                                      Tensors tensors) {
        try {
            byte[] bytes = bytesIndex >= 0 && !row.isNullAt(bytesIndex)
                    ? (byte[]) row.get(bytesIndex) : reader.read(row.getString(pathIndex));
            PillowImage image = tensors.preprocessors.get(0).decode(bytes);
            float[] all = new float[tensors.totalLength()];
            int offset = 0;
            for (Preprocessor preprocessor : tensors.preprocessors) {
                preprocessor.preprocess(image, all, offset);
                offset += preprocessor.tensorLength();
            }
            return ItemPipeline.Decoded.ok(row, all);
        } catch (ImageReader.ReadException | ImageException e) {
            return ItemPipeline.Decoded.failed(row, e.getMessage());
        } catch (RuntimeException e) {
            return ItemPipeline.Decoded.failed(row, "decode: " + DecodePipeline.describe(e));
        }
    }

    /** The distinct preprocessings of the members, laid end to end in each image's array. */
    private static final class Tensors {
        final List<Preprocessor> preprocessors = new ArrayList<>();

        int indexOf(PreprocessConfig config, PreprocessOptions options) {
            for (int i = 0; i < preprocessors.size(); i++) {
                if (preprocessors.get(i).config().equals(config)) {
                    return i;
                }
            }
            preprocessors.add(new Preprocessor(config, options));
            return preprocessors.size() - 1;
        }

        int totalLength() {
            return preprocessors.stream().mapToInt(Preprocessor::tensorLength).sum();
        }

        int[] offsets() {
            int[] offsets = new int[preprocessors.size()];
            for (int i = 1; i < offsets.length; i++) {
                offsets[i] = offsets[i - 1] + preprocessors.get(i - 1).tensorLength();
            }
            return offsets;
        }

        int[] lengths() {
            return preprocessors.stream().mapToInt(Preprocessor::tensorLength).toArray();
        }
    }
}
