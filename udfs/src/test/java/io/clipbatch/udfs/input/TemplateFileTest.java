package io.clipbatch.udfs.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clipbatch.udfs.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateFileTest {
    @Test
    void keepsTheNonBlankLinesStripped() {
        assertEquals(List.of("a photo of a {}.", "a {c} drawn"),
                TemplateFile.parse("a photo of a {}.\r\n\n  a {c} drawn \n", "--templates t.txt"));
    }

    @Test
    void namesTheFirstLineWithoutPlaceholderCountingBlankLines() {
        UserError e = assertThrows(UserError.class, () -> TemplateFile.parse("a {}.\n\na photo.\nno {x}\n", "--templates t.txt"));
        assertEquals("--templates t.txt line 3 has no {} or {c} for the class name: 'a photo.'", e.getMessage());
    }

    @Test
    void refusesAFileWithoutTemplates() {
        UserError e = assertThrows(UserError.class, () -> TemplateFile.parse("\n  \n", "--templates t.txt"));
        assertEquals("--templates t.txt has no non-empty lines", e.getMessage());
    }
}
