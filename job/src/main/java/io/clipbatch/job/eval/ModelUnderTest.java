package io.clipbatch.job.eval;

import io.clipbatch.udfs.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a report row is about: one model bundle, or an ensemble of several whose prediction is the
 * weighted mean of their softmax probabilities.
 *
 * @param name          the row's name
 * @param members       the bundles (one for a single model)
 * @param ensemble      whether this is an ensemble (even of one member)
 * @param referenceName the published model to compare with ({@code --reference-name}), or null to
 *                      recognise it from the bundle's name
 */
public record ModelUnderTest(String name, List<Member> members, boolean ensemble, String referenceName) {

    /** One bundle and its weight in the ensemble. */
    public record Member(String name, Path dir, float weight) {
    }

    public ModelUnderTest {
        members = List.copyOf(members);
    }

    public static ModelUnderTest single(String name, Path dir) {
        requireBundle(dir);
        return new ModelUnderTest(name, List.of(new Member(name, dir, 1f)), false, null);
    }

    /** {@code NAME=DIR,NAME=DIR} (or bare {@code DIR}s, named after their folders), as {@code tables --models} takes them. */
    public static List<ModelUnderTest> parseList(String text) {
        List<ModelUnderTest> models = new ArrayList<>();
        for (String item : text.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            Path dir = Path.of(eq < 0 ? item.strip() : item.substring(eq + 1).strip());
            models.add(single(eq < 0 ? folderName(dir) : item.substring(0, eq).strip(), dir));
        }
        return models;
    }

    /** {@code NAME=DIR:WEIGHT,DIR:WEIGHT,...} (weight 1 when left out). */
    public static ModelUnderTest parseEnsemble(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new UserError("--ensemble '" + text + "' must be NAME=DIR:WEIGHT,DIR:WEIGHT,...");
        }
        List<Member> members = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String item : text.substring(eq + 1).split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int colon = item.lastIndexOf(':');
            float weight = 1f;
            String dir = item.strip();
            if (colon > 0) {
                try {
                    weight = Float.parseFloat(item.substring(colon + 1));
                    dir = item.substring(0, colon).strip();
                } catch (NumberFormatException e) {
                    // a ':' inside the path, no weight
                }
            }
            if (!(weight > 0) || Float.isInfinite(weight)) {
                throw new UserError("--ensemble " + text.substring(0, eq) + ": weight of " + dir + " must be positive");
            }
            Path bundle = Path.of(dir);
            requireBundle(bundle);
            String name = folderName(bundle);
            while (!names.add(name)) {
                name = name + "'";
            }
            members.add(new Member(name, bundle, weight));
        }
        if (members.isEmpty()) {
            throw new UserError("--ensemble " + text.substring(0, eq) + " has no members");
        }
        return new ModelUnderTest(text.substring(0, eq).strip(), members, true, null);
    }

    public ModelUnderTest withReferenceName(String reference) {
        return new ModelUnderTest(name, members, ensemble, reference);
    }

    /** The name to look the published numbers up by: the reference name, else the bundle folder's name. */
    public String lookupName() {
        if (referenceName != null) {
            return referenceName;
        }
        return ensemble ? name : folderName(members.get(0).dir());
    }

    private static String folderName(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? dir.toString() : name.toString();
    }

    private static void requireBundle(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("model " + dir + " is not a directory (expected a model bundle)");
        }
    }
}
