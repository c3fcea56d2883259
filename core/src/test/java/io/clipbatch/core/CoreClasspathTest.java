package io.clipbatch.core;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The module's boundary seen from inside: its tests run with no Spark, Scala or Hadoop class to load. */
class CoreClasspathTest {
    @ParameterizedTest
    @ValueSource(strings = {"org.apache.spark.sql.SparkSession", "scala.collection.Seq",
        "org.apache.hadoop.fs.FileSystem"})
    void isAbsent(String className) {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(className));
    }
}
