package io.clipbatch.job.datasets;

import io.clipbatch.udfs.UserError;
import java.util.ArrayList;
import java.util.List;

/** Just enough of Python's syntax for {@code name = [ 'str', "str", [...], ]} assignments, with comments. */
final class PythonLiterals {
    private final String text;
    private final String where;
    private int at;

    PythonLiterals(String text, String where) {
        this.text = text;
        this.where = where;
    }

    /** Moves to the start of the next {@code name = [} line; false at the end. */
    boolean skipToAssignment() {
        while (at < text.length()) {
            int lineEnd = text.indexOf('\n', at);
            String line = text.substring(at, lineEnd < 0 ? text.length() : lineEnd);
            if (line.matches("\\s*[A-Za-z_][A-Za-z0-9_]*\\s*=\\s*\\[.*")) {
                return true;
            }
            at = lineEnd < 0 ? text.length() : lineEnd + 1;
        }
        return false;
    }

    String identifier() {
        skipSpace();
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
            at++;
        }
        String name = text.substring(start, at);
        skipSpace();
        expect('=');
        return name;
    }

    /** A list of strings and nested lists. */
    List<Object> list() {
        skipSpace();
        expect('[');
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            char c = peek();
            if (c == ']') {
                at++;
                return items;
            } else if (c == '[') {
                items.add(list());
            } else if (c == '\'' || c == '"') {
                items.add(string());
            } else {
                throw error("unexpected '" + c + "'");
            }
            skipSpace();
            if (peek() == ',') {
                at++;
            }
        }
    }

    private String string() {
        char quote = text.charAt(at++);
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = peek();
            at++;
            if (c == quote) {
                return out.toString();
            }
            if (c == '\n') {
                throw error("string not closed");
            }
            if (c == '\\') {
                char escaped = peek();
                at++;
                out.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> escaped; // \\ \' \" and anything else as itself
                });
            } else {
                out.append(c);
            }
        }
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '#') {
                while (at < text.length() && text.charAt(at) != '\n') {
                    at++;
                }
            } else if (Character.isWhitespace(c)) {
                at++;
            } else {
                return;
            }
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private UserError error(String what) {
        int line = 1 + (int) text.substring(0, Math.min(at, text.length())).chars().filter(ch -> ch == '\n').count();
        return new UserError(where + ": " + what + " at line " + line + " of its code block");
    }
}
