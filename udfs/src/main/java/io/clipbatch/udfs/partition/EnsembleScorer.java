package io.clipbatch.udfs.partition;

import io.clipbatch.core.image.ImageException;
import io.clipbatch.core.image.PillowImage;
import io.clipbatch.core.image.Preprocessor;
import io.clipbatch.core.pipeline.ItemPipeline;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import io.clipbatch.udfs.ScoringSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The executor side of a model ensemble: every image is read once, decoded once per distinct
 * decoding (once in exact mode; in fast mode once per member size, as JPEGs are decoded shrunk for
 * it), preprocessed once per distinct preprocessing among the members (a 336 px member gets its own
 * tensor), embedded by each member, and classified by the weighted mean of the members' softmax
 * probabilities. Each member's embedding is kept in {@code member_embeddings}. The spec's settings
 * apply as for one model ({@link PartitionScorer}): preprocessing mode, reader and decoder threads,
 * device, batch size. Rows come out once each, in input order.
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
     * @param spec    the scoring settings; its bundle is the first member's (the one the output's
     *                provenance names)
     * @param heads   one zero-shot head per member, in member order, all with the same classes
     * @throws IllegalArgumentException when there is no member, or the spec names another bundle than the first's
     */
    public EnsembleScorer(ScoringSpec spec, List<EnsembleMember> members, StructType inputSchema,
                          Broadcast<SerializableConfiguration> hadoopConf, Broadcast<ZeroShotHead[]> heads) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        if (!sameDirectory(spec.model(), members.get(0).bundleDir())) {
            throw new IllegalArgumentException("the scoring spec's bundle " + spec.model()
                    + " is not the ensemble's first member, " + members.get(0).bundleDir());
        }
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
        ScoringTask task = new ScoringTask(spec, inputSchema, hadoopConf.value());
        Tensors tensors = new Tensors();
        List<ClipModel> models = new ArrayList<>();
        int[] tensorOf = new int[members.size()];
        for (int m = 0; m < members.size(); m++) {
            ClipModel model = task.model(Path.of(members.get(m).bundleDir()));
            models.add(model);
            tensorOf[m] = tensors.indexOf(task.preprocessor(model.bundle().preprocess()));
        }
        ItemPipeline<Row> pipeline = new ItemPipeline<>(rows, task::bytes, tensors, task.readers(), task.decoders(),
                spec.decodeWindow());
        task.stopWithTask(pipeline::cancel);
        return new EnsembleRows(pipeline, models, tensors.offsets(), tensors.lengths(), tensorOf, heads.value(),
                weights(), spec.batchSize(), spec.topK(), inputSchema.fields().length, task::finish,
                members.stream().map(EnsembleMember::name).toList());
    }

    private float[] weights() {
        float[] weights = new float[members.size()];
        for (int m = 0; m < weights.length; m++) {
            weights[m] = members.get(m).weight();
        }
        return weights;
    }

    private static boolean sameDirectory(String a, String b) {
        return Path.of(a).toAbsolutePath().normalize().equals(Path.of(b).toAbsolutePath().normalize());
    }

    /**
     * The distinct preprocessings of the members, laid end to end in each image's array. Each image
     * is decoded once per distinct decoding and every preprocessing that decodes alike shares it.
     */
    private static final class Tensors implements ItemPipeline.Decoder {
        private final List<Preprocessor> preprocessors = new ArrayList<>();
        /** For each preprocessing, the first one whose decoded image it uses. */
        private final List<Integer> decodedBy = new ArrayList<>();

        int indexOf(Preprocessor candidate) {
            for (int i = 0; i < preprocessors.size(); i++) {
                if (preprocessors.get(i).config().equals(candidate.config())) {
                    return i;
                }
            }
            int sharing = 0;
            while (sharing < preprocessors.size() && !preprocessors.get(sharing).decodesLike(candidate)) {
                sharing++;
            }
            preprocessors.add(candidate);
            decodedBy.add(sharing);
            return preprocessors.size() - 1;
        }

        @Override
        public float[] decode(byte[] bytes) throws ImageException {
            float[] all = new float[totalLength()];
            PillowImage[] decoded = new PillowImage[preprocessors.size()];
            int offset = 0;
            for (int i = 0; i < preprocessors.size(); i++) {
                int by = decodedBy.get(i);
                if (decoded[by] == null) {
                    decoded[by] = preprocessors.get(by).decode(bytes);
                }
                preprocessors.get(i).preprocess(decoded[by], all, offset);
                offset += preprocessors.get(i).tensorLength();
            }
            return all;
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
