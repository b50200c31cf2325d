package io.sparsa.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps a generated report inside a hand-written Markdown file: the text between
 * {@code <!-- sparsa bench LABEL: begin -->} and {@code <!-- sparsa bench LABEL: end -->} is
 * replaced, and the section is appended when the markers are not there yet.
 */
public final class ReportSection {
    private ReportSection() {
    }

    public static void replace(Path file, String label, String body) throws IOException {
        String begin = "<!-- sparsa bench " + label + ": begin -->";
        String end = "<!-- sparsa bench " + label + ": end -->";
        String text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        String section = begin + "\n" + body.strip() + "\n" + end;
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        String updated;
        if (b >= 0 && e > b) {
            updated = text.substring(0, b) + section + text.substring(e + end.length());
        } else if (b >= 0 || e >= 0) {
            throw new IllegalArgumentException("--update: " + file + " has only one of the markers '" + begin
                    + "' and '" + end + "'; fix or remove it");
        } else {
            updated = text + (text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n")
                    + section + "\n";
        }
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }
}
