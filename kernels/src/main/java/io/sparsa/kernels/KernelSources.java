package io.sparsa.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GPU kernel sources shipped as resources, and their assembly into one compilable text per
 * dialect: the dialect's prelude, {@code common.cl}, then the requested units. Each part starts
 * with a {@code #line} directive so that compiler messages name the original file and line.
 *
 * <p>A unit is one {@code <name>.cl} file holding the kernels of one primitive family; a kernel's
 * comment documents its arguments, in order, and its launch geometry.
 */
public final class KernelSources {
    /** Resource folder of the sources (and of the PTX, under {@code ptx/}). */
    public static final String RESOURCE_DIR = "/io/sparsa/kernels/";

    /** Every kernel unit, in assembly order. */
    public static final List<String> UNITS = List.of("gemm", "conv2d", "ell", "sparse_sparse", "maxpool", "kwinners",
            "duty_cycle", "elementwise", "loss", "batchnorm", "dropout", "sgd");

    private static final String COMMON = "common.cl";
    private static final Pattern KERNEL = Pattern.compile("^KERNEL\\s+(\\w+)\\s*\\(", Pattern.MULTILINE);
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private KernelSources() {
    }

    /** The text of one resource under {@link #RESOURCE_DIR}, e.g. {@code gemm.cl}. */
    public static String text(String resource) {
        return CACHE.computeIfAbsent(resource, KernelSources::read);
    }

    /** The source of one unit, e.g. {@code kwinners}. */
    public static String unit(String name) {
        requireUnit(name);
        return text(name + ".cl");
    }

    /** Prelude, common definitions and the given units (all of them when none is given). */
    public static String assemble(Dialect dialect, String... units) {
        List<String> names = units.length == 0 ? UNITS : List.of(units);
        StringBuilder sb = new StringBuilder();
        part(sb, dialect.prelude());
        part(sb, COMMON);
        for (String name : names) {
            requireUnit(name);
            part(sb, name + ".cl");
        }
        return sb.toString();
    }

    /** Names of the kernels a unit defines, in source order. */
    public static List<String> kernelNames(String unit) {
        Matcher m = KERNEL.matcher(unit(unit));
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The unit that defines {@code kernel}. */
    public static String unitOf(String kernel) {
        for (String unit : UNITS) {
            if (kernelNames(unit).contains(kernel)) {
                return unit;
            }
        }
        throw new IllegalArgumentException("no kernel named '" + kernel + "' in units " + UNITS);
    }

    private static void part(StringBuilder sb, String resource) {
        sb.append("#line 1 \"").append(resource).append("\"\n").append(text(resource));
        if (sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
        }
    }

    private static void requireUnit(String name) {
        if (!UNITS.contains(name)) {
            throw new IllegalArgumentException("unknown kernel unit '" + name + "'; units: " + UNITS);
        }
    }

    private static String read(String resource) {
        try (InputStream in = KernelSources.class.getResourceAsStream(RESOURCE_DIR + resource)) {
            if (in == null) {
                throw new IllegalStateException("kernel resource " + RESOURCE_DIR + resource + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel resource " + RESOURCE_DIR + resource, e);
        }
    }
}
