package io.clipbatch.job.datasets;

import java.util.Locale;
import java.util.Map;

/**
 * One key per benchmark dataset, whatever it is called: {@code --dataset} names, clip_benchmark's
 * keys ({@code cars}, {@code wds/imagenet1k}, {@code vtab/eurosat}) and the headings of OpenAI's
 * prompts.md ({@code StanfordCars}) all meet here, so prompt sets and published numbers are found.
 */
public final class DatasetNames {
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("imagenet", "imagenet1k"),
            Map.entry("imagenetval", "imagenet1k"),
            Map.entry("ilsvrc2012", "imagenet1k"),
            Map.entry("ilsvrc2012val", "imagenet1k"),
            Map.entry("stanfordcars", "cars"),
            Map.entry("stanfordcarstest", "cars"),
            Map.entry("facialemotionrecognition2013", "fer2013"),
            Map.entry("describabletextures", "dtd"),
            Map.entry("oxfordpets", "pets"),
            Map.entry("oxfordiiitpet", "pets"),
            Map.entry("flowers102", "flowers"),
            Map.entry("oxfordflowers102", "flowers"),
            Map.entry("pascalvoc2007", "voc2007"),
            Map.entry("patchcamelyon", "pcam"),
            Map.entry("sst2", "renderedsst2"),
            Map.entry("mscoco", "mscococaptions"));

    private DatasetNames() {}

    /** The canonical key: lower case, letters and digits only, {@code wds}/{@code vtab} prefixes dropped, aliases resolved. */
    public static String canonical(String name) {
        String key = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        for (String prefix : new String[] {"wds", "vtab"}) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                key = key.substring(prefix.length());
            }
        }
        return ALIASES.getOrDefault(key, key);
    }
}
