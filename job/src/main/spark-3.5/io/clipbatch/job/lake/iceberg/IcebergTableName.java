package io.clipbatch.job.lake.iceberg;

import io.clipbatch.udfs.UserError;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import scala.collection.JavaConverters;

/**
 * {@code --output catalog.db.table} for {@code --sink iceberg}: a Spark catalog configured with
 * {@code --conf spark.sql.catalog.CATALOG=...}, one or more namespace levels, and the table.
 *
 * @param text      as the user typed it, for messages
 * @param catalog   the Spark catalog's name
 * @param namespace the namespace levels
 * @param table     the table's own name
 */
record IcebergTableName(String text, String catalog, List<String> namespace, String table) {
    private static final String HOW = "--sink iceberg writes a catalog table, --output CATALOG.DB.TABLE with the catalog"
            + " set by --conf spark.sql.catalog.CATALOG=org.apache.iceberg.spark.SparkCatalog (docs/lake.md)";

    static IcebergTableName parse(SparkSession spark, String output) {
        List<String> parts = parts(spark, output);
        if (parts.size() < 3) {
            throw new UserError(HOW + ", not '" + output + "'");
        }
        String catalog = parts.get(0);
        if (spark.conf().getOption("spark.sql.catalog." + catalog).isEmpty()) {
            throw new UserError(HOW + ": no catalog '" + catalog + "' is set for --output " + output);
        }
        return new IcebergTableName(output, catalog, List.copyOf(parts.subList(1, parts.size() - 1)),
                parts.get(parts.size() - 1));
    }

    private static List<String> parts(SparkSession spark, String output) {
        try {
            return JavaConverters.seqAsJavaList(spark.sessionState().sqlParser().parseMultipartIdentifier(output));
        } catch (ParseException e) {
            throw new UserError(HOW + ", not '" + output + "'");
        }
    }

    /** The name as Spark SQL reads it, every part quoted. */
    String quoted() {
        return Stream.of(Stream.of(catalog), namespace.stream(), Stream.of(table)).flatMap(part -> part)
                .map(IcebergTableName::quote).collect(Collectors.joining("."));
    }

    /** The table within its catalog, as Iceberg's catalog API names it. */
    TableIdentifier identifier() {
        return TableIdentifier.of(Namespace.of(namespace.toArray(String[]::new)), table);
    }

    static String quote(String part) {
        return "`" + part.replace("`", "``") + "`";
    }
}
