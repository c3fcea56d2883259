package io.clipbatch.job.pictures;

import io.clipbatch.job.ClipBatchVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the search and duplicate pages share: one self-contained page (inline CSS, images as
 * {@code data:} URIs, no script, nothing fetched) that is also well-formed XML, so that any XML
 * parser can check it; and the tile that shows one image with its caption lines.
 */
final class PageHtml {
    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2328;background:#fff;margin:24px;}",
            "h1{font-size:22px;margin:0 0 4px;}h2{font-size:16px;margin:0 0 8px;}",
            ".sub{color:#57606a;margin:0 0 20px;}.note{color:#57606a;font-size:13px;}",
            "section{border-top:1px solid #d0d7de;padding:14px 0;}",
            ".tiles{display:flex;flex-wrap:wrap;gap:10px;}",
            "figure{margin:0;width:164px;border:1px solid #d0d7de;border-radius:6px;padding:4px;background:#f6f8fa;}",
            "figure.kept{border:2px solid #1a7f37;background:#dafbe1;}",
            "figure img{display:block;width:160px;height:160px;object-fit:contain;background:#eaeef2;}",
            ".placeholder{width:148px;height:148px;padding:6px;background:#fff1e5;color:#9a3412;font-size:12px;",
            "  overflow:hidden;overflow-wrap:anywhere;}",
            "figcaption{font-size:12px;margin-top:4px;line-height:1.35;overflow-wrap:anywhere;}",
            ".score{font-weight:600;}.badge{color:#1a7f37;font-weight:600;}",
            ".path{color:#57606a;font-family:ui-monospace,monospace;font-size:11px;}");

    private PageHtml() {
    }

    /** The page up to the end of its header. */
    static StringBuilder start(String title, String subtitle) {
        return new StringBuilder()
                .append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head>")
                .append("<meta charset=\"utf-8\"/><title>").append(text(title)).append("</title><style>")
                .append(CSS).append("</style></head><body>\n<header><h1>").append(text(title))
                .append("</h1><p class=\"sub\">").append(text(subtitle)).append(" · clip-batch ")
                .append(text(ClipBatchVersion.current())).append("</p></header>\n");
    }

    /**
     * One image: its thumbnail (or a placeholder with the reason it has none) and caption lines, the
     * first in bold; {@code kept} marks the image a duplicate group keeps.
     */
    static void tile(StringBuilder html, String location, Thumbnail thumbnail, boolean kept, String... lines) {
        html.append(kept ? "<figure class=\"kept\">" : "<figure>");
        if (thumbnail != null && thumbnail.ok()) {
            html.append("<img src=\"").append(thumbnail.dataUri()).append("\" alt=\"").append(text(location)).append("\"/>");
        } else {
            String reason = thumbnail == null ? "no image location" : thumbnail.error();
            html.append("<div class=\"placeholder\">no picture: ").append(text(reason)).append("</div>");
        }
        html.append("<figcaption>");
        for (int i = 0; i < lines.length; i++) {
            html.append(i == 0 ? "<div class=\"score\">" : "<div>").append(text(lines[i])).append("</div>");
        }
        html.append("<div class=\"path\" title=\"").append(text(location)).append("\">").append(text(location))
                .append("</div></figcaption></figure>");
    }

    static void write(StringBuilder html, Path file) {
        html.append("</body></html>\n");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /**
     * Text for an element or an attribute: markup characters escaped, and the control characters XML
     * forbids (a NUL in a file name, say) shown as U+FFFD so that the page stays well-formed.
     */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.appendCodePoint(allowedInXml(c) ? c : 0xFFFD);
            }
        });
        return out.toString();
    }

    private static boolean allowedInXml(int c) {
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
