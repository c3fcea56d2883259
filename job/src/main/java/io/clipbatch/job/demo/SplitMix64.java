package io.clipbatch.job.demo;

/**
 * SplitMix64, the random numbers of the shapes world. tools/shapes/scenes.py has the same generator
 * (masked to 64 bits), so a seed gives the same scene in Java and in Python.
 */
final class SplitMix64 {

    static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** SplitMix64's finaliser (Stafford variant 13). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long next() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** A number in [0, bound): the top 31 bits modulo bound. */
    int below(int bound) {
        return (int) ((next() >>> 33) % bound);
    }
}
