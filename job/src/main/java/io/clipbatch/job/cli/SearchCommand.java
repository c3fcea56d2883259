package io.clipbatch.job.cli;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.SessionCache;
import io.clipbatch.core.session.SessionSettings;
import io.clipbatch.job.Plural;
import io.clipbatch.job.lake.LakeTables;
import io.clipbatch.job.output.OutputFiles;
import io.clipbatch.job.output.OutputTarget;
import io.clipbatch.job.output.PathOverlap;
import io.clipbatch.job.output.Provenance;
import io.clipbatch.job.pictures.SearchPage;
import io.clipbatch.job.vectors.ModelCheck;
import io.clipbatch.job.vectors.SearchQuery;
import io.clipbatch.job.vectors.SearchResults;
import io.clipbatch.job.vectors.StoredEmbeddings;
import io.clipbatch.udfs.ClipScoring;
import io.clipbatch.udfs.ScoringSpec;
import io.clipbatch.udfs.UserError;
import io.clipbatch.udfs.input.ImageInputs;
import io.clipbatch.udfs.input.TextFiles;
import io.clipbatch.udfs.partition.ScoreSchema;
import io.clipbatch.udfs.vectors.Blas;
import io.clipbatch.udfs.vectors.CosineTopK;
import io.clipbatch.udfs.vectors.TopHits;
import io.clipbatch.udfs.vectors.UnitVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Finds the stored images closest to texts or images: exact top-k by cosine over embeddings"
                + " that score wrote.")
public final class SearchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Option(names = "--embeddings", required = true, paramLabel = "URI|TABLE",
            description = "The embeddings to search: a score output (Parquet file or folder), a Delta table's path,"
                    + " or an Iceberg table's CATALOG.DB.TABLE (docs/lake.md).")
    String embeddings;

    /** What to look for: exactly one of the three. */
    static final class Queries {
        @Option(names = "--text", required = true, paramLabel = "TEXT",
                description = "A text query, embedded by the model's text tower; repeatable.")
        List<String> texts;

        @Option(names = "--texts", required = true, paramLabel = "FILE",
                description = "Text queries, one per non-empty line.")
        String textFile;

        @Option(names = "--images", required = true, paramLabel = "URI",
                description = "Query images: a folder or prefix of images, or a Parquet manifest with a path column.")
        String images;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Queries queries;

    @Option(names = "--top-k", defaultValue = "20", paramLabel = "K",
            description = "Hits kept per query (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--output", required = true, paramLabel = "URI",
            description = "Parquet of (query, rank, score, the key column, pass-through columns).")
    String output;

    @Option(names = "--mode", defaultValue = "error", paramLabel = "error|overwrite|overwrite-all",
            description = "When the output exists: error refuses it; overwrite deletes what this command"
                    + " writes (Parquet part files) and refuses a location holding anything else;"
                    + " overwrite-all deletes everything there (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--where", paramLabel = "PREDICATE",
            description = "A Spark SQL predicate over the stored columns, e.g. \"dataset = 'cars'\": only matching rows"
                    + " are searched.")
    String where;

    @Option(names = "--key-column", defaultValue = StoredEmbeddings.DEFAULT_KEY, paramLabel = "NAME",
            description = "The column naming each stored image, string or integer, which breaks ties"
                    + " (default: ${DEFAULT-VALUE}).")
    String keyColumn;

    @Option(names = "--allow-model-mismatch",
            description = "Search even when --model is not the model that wrote the embeddings.")
    boolean allowModelMismatch;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write one self-contained page: a row of thumbnails per query (at most 50 queries).")
    Path html;

    @Override
    public Integer call() {
        if (topK < 1) {
            throw new UserError("--top-k must be at least 1, got " + topK);
        }
        OutputTarget target = new OutputTarget(output, OutputTarget.parseMode(mode));
        SparkSession session = spark.session("clip-batch search", LakeTables.readSettings());
        PathOverlap.refuse(session.sparkContext().hadoopConfiguration(), output, reads());
        target.checkWritable(session, OutputFiles.SPARK_PARQUET);
        StoredEmbeddings stored = StoredEmbeddings.open(session,
                new StoredEmbeddings.Source(embeddings, keyColumn, where));
        Bundle bundle = model.load();
        Provenance queryModel = Provenance.of(bundle);
        ModelCheck.requireSameModel(stored, queryModel, allowModelMismatch);
        List<SearchQuery> asked = embedQueries(session, bundle);
        requireSameWidth(stored, asked.get(0).vector().length);
        long start = System.nanoTime();
        TopHits top = CosineTopK.search(stored.rows(), stored.keyColumn(), stored.embeddingColumn(),
                asked.stream().map(SearchQuery::vector).toArray(float[][]::new), topK);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Row> rows = SearchResults.rows(asked, top);
        Dataset<Row> hits = session.createDataFrame(rows, SearchResults.schema(stored)).coalesce(1);
        target.write(hits, queryModel.put("clip_batch.search.embeddings", embeddings));
        if (html != null) {
            SearchPage.write(hits, imageColumn(stored), stored.keyColumn(), html);
        }
        System.err.println("clip-batch: " + Plural.of(asked.size(), "query", "queries") + " searched over "
                + Plural.of(top.rowsSeen(), "embedding") + String.format(Locale.ROOT, " in %.1f s", seconds)
                + " with " + Blas.implementation() + "; " + Plural.of(rows.size(), "hit") + " written to " + output);
        return 0;
    }

    private List<PathOverlap.Read> reads() {
        List<PathOverlap.Read> reads = new ArrayList<>(List.of(new PathOverlap.Read("--embeddings", embeddings),
                PathOverlap.Read.local("--model", model.model)));
        if (queries.textFile != null) {
            reads.add(new PathOverlap.Read("--texts", queries.textFile));
        }
        if (queries.images != null) {
            reads.add(new PathOverlap.Read("--images", queries.images));
        }
        return reads;
    }

    private List<SearchQuery> embedQueries(SparkSession session, Bundle bundle) {
        if (queries.images != null) {
            return imageQueries(session);
        }
        List<String> texts = queries.texts != null ? queries.texts
                : TextFiles.nonEmptyLines(session, queries.textFile, "--texts");
        TextTokens tokens = new TextTokens(bundle);
        int[][] ids = texts.stream().map(tokens::tokenize).toArray(int[][]::new);
        ClipModel clip = SessionCache.get(bundle, new SessionSettings(model.runtime().device(),
                model.runtime().intraOpThreads(), SessionSettings.DEFAULT_MAX_BATCH));
        float[][] vectors = clip.encodeTexts(ids);
        List<SearchQuery> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(new SearchQuery(texts.get(i), vectors[i]));
        }
        return out;
    }

    /** The query images embedded on the executors, as score embeds them, in path order; a failed one is refused. */
    private List<SearchQuery> imageQueries(SparkSession session) {
        Dataset<Row> images = ImageInputs.open(session, queries.images, ScoreSchema.PATH);
        String pathColumn = ImageInputs.pathColumnOf(images, ScoreSchema.PATH);
        ScoringSpec spec = model.runtime().spec(model.model).pathColumn(pathColumn).build();
        List<Row> scored = ClipScoring.score(images.select(pathColumn), spec, null)
                .select(functions.col(pathColumn), functions.col(ScoreSchema.EMBEDDING), functions.col(ScoreSchema.ERROR))
                .orderBy(pathColumn).collectAsList();
        if (scored.isEmpty()) {
            throw new UserError("--images " + queries.images + " holds no images");
        }
        List<SearchQuery> out = new ArrayList<>(scored.size());
        for (Row row : scored) {
            if (!row.isNullAt(2)) {
                throw new UserError("query image " + row.getString(0) + " failed: " + row.getString(2));
            }
            out.add(new SearchQuery(row.getString(0), UnitVectors.of(row.get(1))));
        }
        return out;
    }

    /** Where the thumbnails' images are: the path column when the embeddings kept one, else the key. */
    private static String imageColumn(StoredEmbeddings stored) {
        return stored.passThroughColumns().contains(ScoreSchema.PATH) ? ScoreSchema.PATH : stored.keyColumn();
    }

    private static void requireSameWidth(StoredEmbeddings stored, int queryWidth) {
        stored.width().ifPresent(width -> {
            if (width != queryWidth) {
                throw new UserError("--embeddings " + stored.uri() + " hold " + width + "-value vectors but --model's are "
                        + queryWidth + " wide: they come from another model");
            }
        });
    }
}
