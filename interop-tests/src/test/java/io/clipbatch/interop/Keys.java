package io.clipbatch.interop;

/** The tests compare rows by image file name: each table is written from a folder of its own. */
final class Keys {
    private Keys() {}

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
