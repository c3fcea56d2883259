package io.clipbatch.core.session;

import java.nio.file.Path;

/** What the image and text towers have in common: one opened session, its device, its closing. */
abstract class Tower implements AutoCloseable {
    protected final TowerSession tower;

    Tower(Path model, SessionSettings settings, int embedDim) {
        this.tower = TowerSession.open(model, settings, embedDim);
    }

    final Device device() {
        return tower.device();
    }

    @Override
    public final void close() {
        tower.close();
    }

    @Override
    public final String toString() {
        return tower.toString();
    }
}
