package io.clipbatch.job.datasets;

import io.clipbatch.udfs.partition.SerializableConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Streams one WebDataset shard into rows of (path, image bytes, label, read error), or for retrieval
 * shards (path, image bytes, captions from the {@code .txt} member, read error): one row per sample
 * (see {@link TarSamples}). A sample that cannot be scored (no image, no or a garbled {@code .cls},
 * damaged by a cut) is a row with its reason in {@link LabelledImages#READ_ERROR} and no image, so
 * that it is counted as an error instead of ending the job. A retrieval sample without captions
 * keeps its image: the retrieval task makes it an error row after scoring.
 */
final class TarShardReader implements FlatMapFunction<String, Row> {
    private static final long serialVersionUID = 1L;
    private static final String LABEL = "cls";
    private static final String CAPTIONS = "txt";
    static final String NO_IMAGE = "sample: no image member (." + String.join(", .", ImageMembers.PREFERENCE) + ")";

    private final Broadcast<SerializableConfiguration> conf;
    private final boolean captions;

    TarShardReader(Broadcast<SerializableConfiguration> conf) {
        this(conf, false);
    }

    /** @param captions whether samples are image + {@code .txt} captions (retrieval) rather than image + {@code .cls} */
    TarShardReader(Broadcast<SerializableConfiguration> conf, boolean captions) {
        this.conf = conf;
        this.captions = captions;
    }

    @Override
    public Iterator<Row> call(String shard) throws IOException {
        TarSamples samples = TarSamples.open(conf.value().get(), shard, Set.of(captions ? CAPTIONS : LABEL));
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return samples.hasNext();
            }

            @Override
            public Row next() {
                return captions ? captionedRow(samples.next()) : row(samples.next());
            }
        };
    }

    /** A sample as a row; the first of its problems, if any, is the row's read error. */
    static Row row(TarSamples.Sample sample) {
        ClassLabel label = ClassLabel.of(sample.members().get(LABEL));
        String problem = sample.problem();
        if (problem == null && sample.image() == null) {
            problem = NO_IMAGE;
        }
        if (problem == null) {
            problem = label.problem();
        }
        return LabelledImages.sample(sample.where(), problem == null ? sample.image() : null, label.index(), problem);
    }

    /** A retrieval sample as a row: its captions, one a line, or null without a {@code .txt} member. */
    static Row captionedRow(TarSamples.Sample sample) {
        String problem = sample.problem() == null && sample.image() == null ? NO_IMAGE : sample.problem();
        byte[] text = sample.members().get(CAPTIONS);
        String[] lines = text == null ? null
                : CaptionLines.split(new String(text, StandardCharsets.UTF_8)).toArray(new String[0]);
        return LabelledImages.captioned(sample.where(), sample.image(), lines, problem);
    }

    /** A {@code .cls} member as webdataset reads it: a decimal integer, blanks around it allowed. */
    record ClassLabel(Integer index, String problem) {
        static ClassLabel of(byte[] member) {
            if (member == null) {
                return new ClassLabel(null, "sample: no .cls label");
            }
            String text = new String(member, StandardCharsets.UTF_8).strip();
            try {
                int index = Integer.parseInt(text);
                if (index >= 0) {
                    return new ClassLabel(index, null);
                }
            } catch (NumberFormatException e) {
                // garbled: reported below
            }
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            return new ClassLabel(null, "sample: .cls holds '" + shown + "', not a class index");
        }
    }
}
