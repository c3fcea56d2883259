package io.clipbatch.udfs.ml;

import io.clipbatch.core.zeroshot.ZeroShotHead;
import io.clipbatch.udfs.ClipScoring;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.partition.ScoreSchema;
import java.util.List;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * CLIP zero-shot classification: what {@link ClipImageEmbedder} adds, plus the most probable of
 * {@code classes} in {@code predictionCol} (default {@code pred_label}) and the {@code topK} best
 * as (label, index, score) structs in {@code topKCol} (default {@code topk}). Each class is the mean
 * of its prompts, {@code templates} filled with its name (default CLIP's {@code a photo of a {}.}):
 * the text tower encodes them once per {@link #transform}, on the driver, and the class matrix is
 * broadcast to the tasks.
 */
public final class ClipZeroShotClassifier extends ClipImageTransformer<ClipZeroShotClassifier> {
    private static final long serialVersionUID = 1L;

    /** CLIP's own prompt. */
    public static final String DEFAULT_TEMPLATE = ClipScoring.DEFAULT_TEMPLATES.get(0);

    private final StringArrayParam classes;
    private final StringArrayParam templates;
    private final IntParam topK;
    private final Param<String> predictionCol;
    private final Param<String> topKCol;

    public ClipZeroShotClassifier() {
        this(Identifiable.randomUID("ClipZeroShotClassifier"));
    }

    /** With a given uid, as {@link #load} creates it. */
    public ClipZeroShotClassifier(String uid) {
        super(uid);
        this.classes = new StringArrayParam(this, "classes", "the class names");
        this.templates = new StringArrayParam(this, "templates",
                "prompts with {} (or {c}) where the class name goes; a class is the mean of its prompts");
        this.topK = new IntParam(this, "topK", "classes kept per image in topKCol, best first");
        this.predictionCol = new Param<>(this, "predictionCol", "the column of each image's most probable class");
        this.topKCol = new Param<>(this, "topKCol", "the column of the topK most probable classes (label, index, score)");
        setDefault(templates, new String[] {DEFAULT_TEMPLATE});
        setDefault(topK, ScoringSpec.DEFAULT_TOP_K);
        setDefault(predictionCol, ScoreSchema.PRED_LABEL);
        setDefault(topKCol, ScoreSchema.TOPK);
    }

    public StringArrayParam classes() {
        return classes;
    }

    public StringArrayParam templates() {
        return templates;
    }

    public IntParam topK() {
        return topK;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public Param<String> topKCol() {
        return topKCol;
    }

    /** The class names, or an empty array before they are set. */
    public String[] getClasses() {
        return get(classes).isDefined() ? getOrDefault(classes) : new String[0];
    }

    public String[] getTemplates() {
        return getOrDefault(templates);
    }

    public int getTopK() {
        return (Integer) getOrDefault(topK);
    }

    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    public String getTopKCol() {
        return getOrDefault(topKCol);
    }

    public ClipZeroShotClassifier setClasses(String... value) {
        return with(classes, value);
    }

    public ClipZeroShotClassifier setClasses(List<String> value) {
        return setClasses(value.toArray(new String[0]));
    }

    public ClipZeroShotClassifier setTemplates(String... value) {
        return with(templates, value);
    }

    public ClipZeroShotClassifier setTemplates(List<String> value) {
        return setTemplates(value.toArray(new String[0]));
    }

    public ClipZeroShotClassifier setTopK(int value) {
        return with(topK, value);
    }

    public ClipZeroShotClassifier setPredictionCol(String value) {
        return with(predictionCol, value);
    }

    public ClipZeroShotClassifier setTopKCol(String value) {
        return with(topKCol, value);
    }

    @Override
    protected ScoringSpec.Builder specBuilder() {
        if (getClasses().length == 0) {
            throw problem("classes is not set; call setClasses with at least one class name");
        }
        if (getTemplates().length == 0) {
            throw problem("templates is empty; leave it unset for CLIP's '" + DEFAULT_TEMPLATE + "' or give one");
        }
        for (String template : getTemplates()) {
            if (!ZeroShotHead.hasPlaceholder(template)) {
                throw problem("the template '" + template + "' has no {} (or {c}) for the class name");
            }
        }
        ScoringSpec.Builder builder = super.specBuilder();
        return checked(() -> builder.topK(getTopK()));
    }

    @Override
    protected List<AddedColumn> predictionColumns() {
        return List.of(
                new AddedColumn("predictionCol", getPredictionCol(), DataTypes.StringType, ScoreSchema.PRED_LABEL),
                new AddedColumn("topKCol", getTopKCol(), DataTypes.createArrayType(ScoreSchema.TOPK_ENTRY, false),
                        ScoreSchema.TOPK));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        ScoringSpec spec = spec(dataset.schema());
        loadBundle(spec);
        ZeroShotHead head = ClipScoring.zeroShotHead(spec, List.of(getClasses()), List.of(getTemplates()));
        return score(dataset, spec, head);
    }

    @Override
    public ClipZeroShotClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<ClipZeroShotClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static ClipZeroShotClassifier load(String path) {
        return read().load(path);
    }
}
