package io.clipbatch.udfs.input;

import java.io.Serializable;

/**
 * One image a folder listing found, with the size and modification time (epoch milliseconds) the
 * listing itself reported, or nulls where it could not tell (a dangling symlink, an unreadable entry).
 * Keeping them saves an incremental run one file-system call per image (a HEAD per object on S3).
 */
record ListedFile(String path, Long size, Long modified) implements Serializable {
    static ListedFile unknown(String path) {
        return new ListedFile(path, null, null);
    }
}
