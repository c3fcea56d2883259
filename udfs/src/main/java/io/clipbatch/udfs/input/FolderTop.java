package io.clipbatch.udfs.input;

import java.io.Serializable;
import java.util.List;

/**
 * The top level of an input folder as the driver sees it: the image files it holds, its
 * folders, and how an executor task lists one of those folders' images.
 */
record FolderTop(List<ListedFile> files, List<String> folders, Subtrees subtrees) {
    /** Lists the images under one top-level folder, on an executor. */
    interface Subtrees extends Serializable {
        List<ListedFile> imagesUnder(String folder);
    }
}
