package io.clipbatch.core.bundle;

import io.clipbatch.core.image.PreprocessConfig;
import io.clipbatch.core.tokenizer.ClipTokenizer;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A CLIP model on disk: its two ONNX towers, the preprocessing and tokenizer they were trained
 * with, and the embedding width. {@link #load} checks all of it up front, from the files alone
 * (no ONNX Runtime), so a broken bundle fails on the driver with one sentence naming the file.
 *
 * <p>A Bundle stays in the JVM that loaded it: tasks carry the bundle's directory
 * ({@code ScoringSpec.bundleDir}, {@code EnsembleMember.bundleDir}) and each executor loads the
 * bundle again from there, so the directory must be readable on every executor.
 */
public final class Bundle implements Serializable {

    private static final long serialVersionUID = 1L;

    // Strings, not Paths, so that the class stays Serializable: Path is not.
    private final String root;
    private final BundleLayout layout;
    private final PreprocessConfig preprocess;
    private final int embedDim;
    private final int contextLength;
    private final String tokenizerFile;
    private transient volatile Object tokenizer;

    Bundle(Path root, BundleLayout layout, PreprocessConfig preprocess, int embedDim, int contextLength,
           Path tokenizerFile) {
        this.root = root.toString();
        this.layout = layout;
        this.preprocess = preprocess;
        this.embedDim = embedDim;
        this.contextLength = contextLength;
        this.tokenizerFile = tokenizerFile == null ? null : tokenizerFile.toString();
    }

    /** Reads and checks the bundle in {@code dir}; throws {@link BundleException} on any problem. */
    public static Bundle load(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new BundleException("Model bundle " + root + " is not a directory.");
        }
        BundleLayout layout = BundleLayout.detect(root);
        Bundle bundle = switch (layout) {
            case IMMICH -> ImmichConfig.read(root);
            case HF_OPTIMUM -> HfOptimumConfig.read(root);
        };
        TowerCheck.check(bundle);
        return bundle;
    }

    public Path root() {
        return Path.of(root);
    }

    /** The bundle folder's name, e.g. {@code ViT-B-32__openai}. */
    public String name() {
        return root().getFileName().toString();
    }

    public BundleLayout layout() {
        return layout;
    }

    public Path visualModel() {
        return root().resolve(layout.visualModel());
    }

    public Path textualModel() {
        return root().resolve(layout.textualModel());
    }

    public PreprocessConfig preprocess() {
        return preprocess;
    }

    public int embedDim() {
        return embedDim;
    }

    public int contextLength() {
        return contextLength;
    }

    /** The tokenizer file ({@code bpe_simple_vocab_16e6.txt.gz}, {@code vocab.json} or {@code tokenizer.json}). */
    public Path tokenizerFile() {
        if (tokenizerFile == null) {
            throw new BundleException("Model bundle " + root + " has no tokenizer: expected "
                    + TokenizerFiles.expected() + " in " + (layout == BundleLayout.IMMICH ? "textual/ or " : "")
                    + "the bundle folder.");
        }
        return Path.of(tokenizerFile);
    }

    /** The bundle's CLIP tokenizer, loaded once. */
    public ClipTokenizer tokenizer() {
        return tokenizer(ClipTokenizer::load);
    }

    /**
     * The bundle's tokenizer, built once by {@code loader} and then shared ({@code
     * bundle.tokenizer(ClipTokenizer::load)}); the first loader used decides its type.
     */
    @SuppressWarnings("unchecked")
    public <T> T tokenizer(TokenizerLoader<T> loader) {
        Object loaded = tokenizer;
        if (loaded == null) {
            synchronized (this) {
                loaded = tokenizer;
                if (loaded == null) {
                    loaded = loadTokenizer(loader);
                    tokenizer = loaded;
                }
            }
        }
        return (T) loaded;
    }

    private <T> T loadTokenizer(TokenizerLoader<T> loader) {
        Path file = tokenizerFile();
        try {
            return loader.load(file);
        } catch (BundleException e) {
            throw e;
        } catch (Exception e) {
            throw new BundleException("Cannot read tokenizer file " + file + ": " + e.getMessage() + ".", e);
        }
    }

    @Override
    public String toString() {
        return name() + " (" + layout + ", embed_dim " + embedDim + ", context " + contextLength + ", "
                + preprocess + ")";
    }
}
