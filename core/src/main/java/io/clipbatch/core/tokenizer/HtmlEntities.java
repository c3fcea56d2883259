package io.clipbatch.core.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tables behind Python's {@code html.unescape} and ftfy's {@code unescape_html}, read from
 * {@code html-entities.txt}, which {@code tools/tokenizer/gen_html_entities.py} dumps from the Python
 * interpreter (so the 2,231 HTML5 entities are never hand-copied).
 */
final class HtmlEntities {
    private static final String RESOURCE = "html-entities.txt";

    /** {@code html.entities.html5}: name (with or without its ';') to replacement text. */
    static final Map<String, String> HTML5 = new HashMap<>();
    /** {@code html._invalid_charrefs}: numeric references the HTML5 spec redirects, e.g. &#128; to the euro sign. */
    static final Map<Integer, String> INVALID_CHARREFS = new HashMap<>();
    /** {@code html._invalid_codepoints}: numeric references that decode to nothing. */
    static final Set<Integer> INVALID_CODEPOINTS = new HashSet<>();
    /** ftfy's entity table: every HTML5 name that ends in ';' plus the all-caps spellings ftfy also accepts. */
    static final Map<String, String> FTFY = new HashMap<>();

    static {
        Map<String, String> ftfyUppercase = new HashMap<>();
        load(ftfyUppercase);
        HTML5.forEach((name, text) -> {
            if (name.endsWith(";")) {
                FTFY.put("&" + name, text);
            }
        });
        ftfyUppercase.forEach((name, text) -> FTFY.put("&" + name, text));
    }

    private HtmlEntities() {
    }

    private static void load(Map<String, String> ftfyUppercase) {
        try (InputStream in = HtmlEntities.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + RESOURCE + " is missing from the classpath.");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String section = "";
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[")) {
                    section = line;
                    continue;
                }
                String[] fields = line.split("\t", -1);
                switch (section) {
                    case "[html5]" -> HTML5.put(fields[0], fromHex(fields[1]));
                    case "[invalid-charrefs]" -> INVALID_CHARREFS.put(Integer.parseInt(fields[0], 16), fromHex(fields[1]));
                    case "[invalid-codepoints]" -> INVALID_CODEPOINTS.add(Integer.parseInt(fields[0], 16));
                    case "[ftfy-uppercase]" -> ftfyUppercase.put(fields[0], fromHex(fields[1]));
                    default -> throw new IllegalStateException("Resource " + RESOURCE + " has an unknown section " + section + ".");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Resource " + RESOURCE + " could not be read.", e);
        }
    }

    /** "C6" or "2242 338" to the text made of those code points. */
    private static String fromHex(String codePoints) {
        StringBuilder text = new StringBuilder();
        for (String hex : codePoints.split(" ")) {
            if (!hex.isEmpty()) {
                text.appendCodePoint(Integer.parseInt(hex, 16));
            }
        }
        return text.toString();
    }
}
