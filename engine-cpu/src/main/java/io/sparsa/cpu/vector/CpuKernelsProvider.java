package io.sparsa.cpu.vector;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Optional;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Picks the kernel implementation once per JVM: the Vector API kernels when they can run fast,
 * otherwise the scalar ones, with one logged line that says why and what to do about it.
 *
 * <p>The system property {@value #PROPERTY} chooses: {@code auto} (default, also {@code true})
 * uses the Vector API when possible; {@code false} forces the scalar kernels (for comparisons and
 * for JVMs where the incubator module misbehaves).
 *
 * <p>The Vector API kernels are loaded by name, never referenced: a JVM started without
 * {@code --add-modules jdk.incubator.vector} cannot even load a class that mentions
 * {@code FloatVector}, and the CPU backend must still work there.
 */
public final class CpuKernelsProvider {
    /** System property: {@code auto} | {@code true} | {@code false}. */
    public static final String PROPERTY = "sparsa.cpu.vector";
    /** The incubator module the vector kernels need. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final String PANAMA_CLASS = "io.sparsa.cpu.vector.PanamaKernels";
    private static final System.Logger LOG = System.getLogger(CpuKernelsProvider.class.getName());
    private static Choice chosen;

    private CpuKernelsProvider() {
    }

    /**
     * The outcome of a choice.
     *
     * @param kernels  the implementation to use
     * @param fallback why the scalar kernels were chosen, or null when the vector kernels run
     * @param warn     whether the fallback deserves a warning (true unless the user asked for it)
     */
    public record Choice(CpuKernels kernels, String fallback, boolean warn) {
        /** One line for probes: the implementation, and the reason when it is the fallback. */
        public String summary() {
            return fallback == null ? kernels.description() : kernels.description() + " (" + fallback + ")";
        }
    }

    /**
     * The implementation for this JVM, chosen on first use from {@value #PROPERTY} and logged
     * once when it falls back to scalar code.
     */
    public static synchronized Choice get() {
        if (chosen == null) {
            Choice c = choose(System.getProperty(PROPERTY));
            if (c.fallback() != null) {
                LOG.log(c.warn() ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                        "sparsa cpu backend uses scalar kernels: " + c.fallback());
            }
            chosen = c;
        }
        return chosen;
    }

    /** The scalar kernels (always available). */
    public static CpuKernels scalar() {
        return new ScalarKernels();
    }

    /**
     * Chooses for {@code request} ({@code null}, {@code auto}, {@code true} or {@code false})
     * without caching or logging.
     *
     * @throws IllegalArgumentException for any other request
     */
    public static Choice choose(String request) {
        String r = request == null ? "auto" : request.trim().toLowerCase(Locale.ROOT);
        switch (r) {
            case "", "auto", "true":
                return vectorOrFallback();
            case "false":
                return new Choice(scalar(), "vector kernels disabled by -D" + PROPERTY + "=false", false);
            default:
                throw new IllegalArgumentException("system property " + PROPERTY + " must be auto, true or false, got '"
                        + request + "'");
        }
    }

    private static Choice vectorOrFallback() {
        Optional<Module> module = ModuleLayer.boot().findModule(VECTOR_MODULE);
        if (module.isEmpty() || !CpuKernelsProvider.class.getModule().canRead(module.get())) {
            return new Choice(scalar(), "module " + VECTOR_MODULE + " is not readable; start the JVM with --add-modules "
                    + VECTOR_MODULE + " to enable the vector kernels", true);
        }
        String compiler = optimizingCompilerMissing();
        if (compiler != null) {
            return new Choice(scalar(), compiler + ": the Vector API would run far slower than scalar code", true);
        }
        try {
            CpuKernels k = (CpuKernels) Class.forName(PANAMA_CLASS).getDeclaredConstructor().newInstance();
            return new Choice(k, null, false);
        } catch (InvocationTargetException e) {
            return failed(e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return failed(e);
        }
    }

    private static Choice failed(Throwable t) {
        return new Choice(scalar(), "the vector kernels could not be loaded (" + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ")", true);
    }

    /** Why C2 will not compile the vector code (interpreter only, or tiered compilation capped), or null. */
    private static String optimizingCompilerMissing() {
        String info = System.getProperty("java.vm.info", "");
        if (info.contains("interpreted mode")) {
            return "the JVM runs in interpreted mode (-Xint)";
        }
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotspot != null) {
                int level = Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue());
                if (level < 4) {
                    return "C2 is disabled (-XX:TieredStopAtLevel=" + level + ")";
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // Not HotSpot, or no management module: nothing to learn, assume an optimising JIT.
        }
        return null;
    }
}
