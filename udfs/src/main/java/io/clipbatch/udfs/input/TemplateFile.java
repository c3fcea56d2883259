package io.clipbatch.udfs.input;

import io.clipbatch.core.zeroshot.ZeroShotHead;
import io.clipbatch.udfs.UserError;
import java.util.ArrayList;
import java.util.List;

/**
 * A templates file's text: one prompt template a line, each with {@code {}} or {@code {c}}
 * where the class name goes. Checked when it is read, so that a template without a place for the
 * name is a one-line mistake before the text tower runs, not a failure inside it.
 */
public final class TemplateFile {
    private TemplateFile() {}

    /**
     * The non-blank lines, stripped; the first line without a placeholder is refused with its number.
     *
     * @param source how the user named the file, to start a refusal with: {@code --templates t.txt}
     */
    public static List<String> parse(String text, String source) {
        List<String> templates = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (!ZeroShotHead.hasPlaceholder(line)) {
                throw new UserError(source + " line " + (i + 1) + " has no {} or {c} for the class name: '"
                        + line + "'");
            }
            templates.add(line);
        }
        if (templates.isEmpty()) {
            throw new UserError(source + " has no non-empty lines");
        }
        return templates;
    }
}
