package io.clipbatch.job.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.job.ClipBatchVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where an output's numbers came from, as Parquet footer entries under {@code clip_batch.*}. */
public final class Provenance {
    /** The image tower's hash: what makes two runs' embeddings comparable. */
    public static final String VISUAL_SHA256 = "clip_batch.onnx.visual.sha256";

    private final Map<String, String> entries = new LinkedHashMap<>();

    public static Provenance of(Bundle bundle) {
        Provenance provenance = new Provenance()
                .put("clip_batch.version", ClipBatchVersion.current())
                .put("clip_batch.bundle", bundle.root().toAbsolutePath().normalize().toString())
                .put("clip_batch.bundle.layout", bundle.layout().name().toLowerCase())
                .put("clip_batch.onnx.visual", bundle.visualModel().getFileName().toString())
                .put(VISUAL_SHA256, sha256(bundle.visualModel()))
                .put("clip_batch.preprocess", bundle.preprocess().toString());
        if (Files.exists(bundle.textualModel())) {
            provenance.put("clip_batch.onnx.textual.sha256", sha256(bundle.textualModel()));
        }
        return provenance;
    }

    public Provenance put(String key, String value) {
        entries.put(key, value);
        return this;
    }

    public Map<String, String> entries() {
        return Map.copyOf(entries);
    }

    public String toJson() {
        try {
            return new ObjectMapper().writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hash of texts joined by newlines: which prompts a zero-shot head was built from. */
    public static String sha256(List<String> texts) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", texts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
