package io.sparsa.cuda;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PTX module as text, with what its header says: the ISA version (which decides the oldest
 * driver that can load it), the target architecture (the oldest GPU it runs on) and the names of
 * its kernels ({@code .entry}).
 *
 * @param name    where it came from, for messages
 * @param text    the PTX source
 * @param isa     the {@code .version} line
 * @param target  the first architecture of the {@code .target} line, e.g. {@code sm_75}
 * @param entries kernel names in file order
 */
public record PtxImage(String name, String text, PtxIsa isa, String target, List<String> entries) {
    private static final Pattern VERSION = Pattern.compile("(?m)^\\s*\\.version\\s+(\\d+\\.\\d+)\\s*$");
    private static final Pattern TARGET = Pattern.compile("(?m)^\\s*\\.target\\s+(sm_\\d+[a-z]?)");
    private static final Pattern ENTRY = Pattern.compile("(?m)^\\s*(?:\\.visible\\s+|\\.weak\\s+)?\\.entry\\s+([A-Za-z_$][\\w$]*)\\s*\\(");

    public PtxImage {
        entries = List.copyOf(entries);
    }

    /** Parses the header and the kernel names of {@code text}. */
    public static PtxImage parse(String name, String text) {
        Matcher v = VERSION.matcher(text);
        if (!v.find()) {
            throw new IllegalArgumentException("PTX '" + name + "' has no '.version' line");
        }
        Matcher t = TARGET.matcher(text);
        if (!t.find()) {
            throw new IllegalArgumentException("PTX '" + name + "' has no '.target sm_XX' line");
        }
        Set<String> entries = new LinkedHashSet<>();
        Matcher e = ENTRY.matcher(text);
        while (e.find()) {
            entries.add(e.group(1));
        }
        return new PtxImage(name, text, PtxIsa.parse(v.group(1)), t.group(1), new ArrayList<>(entries));
    }

    /**
     * The compute capability the target needs, as {@code 10 * major + minor} ({@code sm_75} gives
     * 75, {@code sm_120} gives 120).
     */
    public int targetComputeCapability() {
        String digits = target.substring(3).replaceAll("[a-z]$", "");
        return Integer.parseInt(digits);
    }

    /**
     * The same module declaring an older ISA version. PTX that uses no instruction newer than
     * {@code older} then loads on an older driver; PTX that does is rejected by the driver's JIT
     * with an error, never miscompiled, so trying costs nothing but the attempt.
     */
    public PtxImage withIsa(PtxIsa older) {
        Matcher v = VERSION.matcher(text);
        if (!v.find()) {
            throw new IllegalStateException("PTX '" + name + "' lost its '.version' line");
        }
        String rewritten = text.substring(0, v.start(1)) + older + text.substring(v.end(1));
        return new PtxImage(name, rewritten, older, target, entries);
    }
}
