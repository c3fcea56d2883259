package io.clipbatch.job.output;

import org.apache.hadoop.mapreduce.Job;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's Parquet format with {@link ProvenanceWriteSupport}: Spark offers no hook for custom
 * footer metadata, and the footer is where readers of a data lake look for where numbers came from.
 * Use it as {@code df.write().format(ProvenanceParquetFormat.class.getName())}.
 */
public final class ProvenanceParquetFormat extends ParquetFileFormat {
    private static final long serialVersionUID = 1L;

    @Override
    public OutputWriterFactory prepareWrite(SparkSession sparkSession, Job job,
                                            scala.collection.immutable.Map<String, String> options,
                                            StructType dataSchema) {
        OutputWriterFactory factory = super.prepareWrite(sparkSession, job, options, dataSchema);
        job.getConfiguration().set("parquet.write.support.class", ProvenanceWriteSupport.class.getName());
        return factory;
    }
}
