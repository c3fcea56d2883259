package io.clipbatch.core.session;

import io.clipbatch.core.bundle.Bundle;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A bundle's two towers, ready to embed. Each tower's session opens on first use, so an
 * image-only job never loads the text tower. Thread-safe; share one per JVM via {@link SessionCache}.
 */
public final class ClipModel implements AutoCloseable {

    private final Bundle bundle;
    private final SessionSettings settings;
    private ImageTower imageTower;
    private TextTower textTower;
    private boolean closed;
    /** Held shared by every run and exclusively by close: a session closed under a run crashes the JVM. */
    private final ReadWriteLock running = new ReentrantReadWriteLock();

    private ClipModel(Bundle bundle, SessionSettings settings) {
        this.bundle = bundle;
        this.settings = settings;
    }

    /** A model of its own, which the caller closes; most callers want {@link SessionCache#get}. */
    public static ClipModel open(Bundle bundle, SessionSettings settings) {
        return new ClipModel(bundle, settings);
    }

    /**
     * L2-normalised embeddings of {@code count} preprocessed images stored one after another in
     * {@code pixels} (CHW float32, {@code 3 x size x size} each), in batches of at most the
     * settings' {@code maxBatchSize}.
     */
    public float[][] encodeImages(float[] pixels, int count) {
        return whileOpen(() -> imageTower().encode(pixels, count));
    }

    /**
     * As {@link #encodeImages(float[], int)} for pixels in a buffer, from absolute index 0. A direct
     * buffer in native byte order is handed to ONNX Runtime as it is, batch by batch, without a copy
     * (the batches of the partition pipeline are such buffers).
     */
    public float[][] encodeImages(java.nio.FloatBuffer pixels, int count) {
        return whileOpen(() -> imageTower().encode(pixels, count));
    }

    /** L2-normalised embeddings of token-id rows, each {@link Bundle#contextLength()} long. */
    public float[][] encodeTexts(int[][] ids) {
        return whileOpen(() -> textTower().encode(ids));
    }

    public Bundle bundle() {
        return bundle;
    }

    public SessionSettings settings() {
        return settings;
    }

    public int embedDim() {
        return bundle.embedDim();
    }

    /** Where the image tower runs (AUTO resolved); opens it if needed. */
    public Device imageDevice() {
        return imageTower().device();
    }

    /** Where the text tower runs (AUTO resolved); opens it if needed. */
    public Device textDevice() {
        return textTower().device();
    }

    private <T> T whileOpen(Supplier<T> run) {
        running.readLock().lock();
        try {
            return run.get();
        } finally {
            running.readLock().unlock();
        }
    }

    private synchronized ImageTower imageTower() {
        requireOpen();
        if (imageTower == null) {
            imageTower = new ImageTower(bundle.visualModel(), settings, bundle.embedDim(), bundle.preprocess().size());
        }
        return imageTower;
    }

    private synchronized TextTower textTower() {
        requireOpen();
        if (textTower == null) {
            textTower = new TextTower(bundle.textualModel(), settings, bundle.embedDim(), bundle.contextLength());
        }
        return textTower;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("ClipModel for " + bundle.name() + " is closed");
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Waits for the runs under way (e.g. tasks that Spark stopped at SIGTERM), then closes the sessions. */
    @Override
    public void close() {
        running.writeLock().lock();   // before the monitor, which a run takes after the read lock
        try {
            synchronized (this) {
                closed = true;
                if (imageTower != null) {
                    imageTower.close();
                }
                if (textTower != null) {
                    textTower.close();
                }
                imageTower = null;
                textTower = null;
            }
        } finally {
            running.writeLock().unlock();
        }
    }

    /** The towers opened so far, with their inputs, embedding output and device. */
    @Override
    public synchronized String toString() {
        return bundle.name() + ": image " + (imageTower == null ? "not opened" : imageTower)
                + "; text " + (textTower == null ? "not opened" : textTower);
    }
}
