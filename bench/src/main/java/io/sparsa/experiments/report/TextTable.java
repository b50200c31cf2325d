package io.sparsa.experiments.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small table rendered for the console (aligned columns) or as Markdown. Columns whose cells
 * are all numbers (digits, signs, separators, "±", "%", or "-" for none) are right-aligned, the
 * others left-aligned.
 */
public final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... header) {
        this.header = List.of(header);
    }

    public TextTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    /** Adds a row of exactly as many cells as the header. */
    public TextTable row(String... cells) {
        return row(Arrays.asList(cells));
    }

    public TextTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("a row needs " + header.size() + " cells, got " + cells.size() + ": "
                    + cells);
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /** Whether column {@code c} holds only numbers, so it reads best right-aligned. */
    boolean numeric(int c) {
        for (List<String> r : rows) {
            if (!r.get(c).matches("[-+0-9.,e± %]*") || !r.get(c).matches(".*[0-9].*|-")) {
                return false;
            }
        }
        return !rows.isEmpty();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Aligned columns under a dashed rule, each line starting with {@code indent}. */
    public String console(String indent) {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        boolean[] right = new boolean[width.length];
        for (int c = 0; c < width.length; c++) {
            right[c] = numeric(c);
        }
        StringBuilder sb = new StringBuilder();
        line(sb, indent, header, width, right);
        sb.append(indent);
        for (int c = 0; c < width.length; c++) {
            sb.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
        }
        sb.append('\n');
        for (List<String> r : rows) {
            line(sb, indent, r, width, right);
        }
        return sb.toString();
    }

    /** A GitHub-flavoured Markdown table. */
    public String markdown() {
        StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int c = 0; c < header.size(); c++) {
            sb.append(numeric(c) ? "---:|" : "---|");
        }
        sb.append('\n');
        for (List<String> r : rows) {
            sb.append("| ").append(String.join(" | ", r.stream().map(s -> s.replace("|", "\\|")).toList()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String indent, List<String> cells, int[] width, boolean[] right) {
        sb.append(indent);
        for (int c = 0; c < width.length; c++) {
            String v = cells.get(c);
            String pad = " ".repeat(width[c] - v.length());
            sb.append(c == 0 ? "" : "  ").append(right[c] ? pad + v : v + pad);
        }
        // no trailing spaces
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }
}
