package io.clipbatch.job.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/** Writes the demo's labelled manifest as one Parquet file, without Spark (parquet-hadoop's example writer). */
final class ManifestWriter {

    /** One manifest row: the image's absolute path, its class, how it was stored, and its captions. */
    record Entry(String path, int label, String labelName, String format, boolean heldOut, List<String> captions) {
    }

    static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("path")
            .required(PrimitiveTypeName.INT32).named("label")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("label_name")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("format")
            .required(PrimitiveTypeName.BOOLEAN).named("held_out")
            .requiredList().requiredElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
            .named("captions")
            .named("manifest");

    private ManifestWriter() {
    }

    static void write(Path file, List<Entry> entries) throws IOException {
        Path absolute = file.toAbsolutePath();
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer = ExampleParquetWriter
                .builder(new org.apache.hadoop.fs.Path(absolute.toUri()))
                .withConf(new Configuration())
                .withType(SCHEMA)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (Entry e : entries) {
                Group row = groups.newGroup()
                        .append("path", e.path())
                        .append("label", e.label())
                        .append("label_name", e.labelName())
                        .append("format", e.format())
                        .append("held_out", e.heldOut());
                Group captions = row.addGroup("captions");
                e.captions().forEach(c -> captions.addGroup("list").append("element", c));
                writer.write(row);
            }
        }
        // Hadoop's local file system leaves a checksum file beside the data; it only adds clutter here.
        Files.deleteIfExists(absolute.resolveSibling("." + absolute.getFileName() + ".crc"));
    }
}
