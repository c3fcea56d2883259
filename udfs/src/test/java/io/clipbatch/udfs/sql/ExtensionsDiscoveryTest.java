package io.clipbatch.udfs.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.SimpleFunctionRegistry;
import org.junit.jupiter.api.Test;

/** The two ways Spark finds the extensions: the jar's ServiceLoader file, and the class named in spark.sql.extensions. */
class ExtensionsDiscoveryTest {

    @Test
    void theJarsServiceFileNamesTheProvider() {
        assertTrue(ServiceLoader.load(SparkSessionExtensionsProvider.class).stream()
                .anyMatch(p -> p.type() == ClipSparkExtensions.class));
    }

    @Test
    void theClassNamedInSparkSqlExtensionsInjectsTheFunctions() throws Exception {
        // As Spark does for spark.sql.extensions: a public no-argument constructor, then apply.
        SparkSessionExtensions extensions = new SparkSessionExtensions();
        ((SparkSessionExtensionsProvider) Class.forName(ClipSparkExtensions.class.getName())
                .getConstructor().newInstance()).apply(extensions);
        SimpleFunctionRegistry registry = new SimpleFunctionRegistry();
        extensions.registerFunctions(registry);
        java.util.Set<String> names = new java.util.HashSet<>();
        scala.collection.Iterator<FunctionIdentifier> listed = registry.listFunction().iterator();
        while (listed.hasNext()) {
            names.add(listed.next().funcName());
        }
        assertTrue(names.containsAll(java.util.List.of("clip_text_embedding", "clip_image_embedding", "clip_similarity")),
                names.toString());
    }
}
