package io.clipbatch.job.datasets;

import io.clipbatch.udfs.UserError;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A class-folder tree against the class names it is given. Its labels are the sorted folders, so it
 * needs one name a folder. Folders named by WordNet id (ImageNet's {@code n01440764}...) left with
 * those ids as names (no prompt set chosen) get a warning that names the fix.
 */
public final class ClassFolderNames {
    private static final Pattern WORDNET_ID = Pattern.compile("n\\d{8}");

    private ClassFolderNames() {}

    public static void check(LabelledImages images, PromptList classes) {
        // A folder tree's fallback names are one a class folder: its folder names (or Country211's countries).
        PromptList folders = images.format() == DatasetFormat.FOLDERS ? images.fallbackClasses() : null;
        if (folders == null) {
            return;
        }
        int count = folders.items().size();
        if (classes.items().size() != count) {
            throw new UserError("dataset " + images.name() + " has " + count + " class folders but "
                    + classes.items().size() + " class names (from " + classes.source() + "), so its labels "
                    + "cannot be named: point it at the folder that holds all " + classes.items().size()
                    + " class folders, or give names that fit with --classes");
        }
        if (classes == folders && looksLikeWordNetIds(folders.items())) {
            System.err.println("clip-batch: warning: dataset " + images.name() + " has " + count
                    + " class folders named by WordNet id (" + folders.items().get(0) + "...), which become its "
                    + "class names; for ImageNet's names name it imagenet1k (--dataset imagenet1k=DIR), "
                    + "or pass --classes");
        }
    }

    static boolean looksLikeWordNetIds(List<String> names) {
        return names.stream().allMatch(name -> WORDNET_ID.matcher(name).matches());
    }
}
