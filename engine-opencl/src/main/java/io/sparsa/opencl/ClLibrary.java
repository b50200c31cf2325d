package io.sparsa.opencl;

import org.lwjgl.opencl.CL;
import org.lwjgl.system.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads the system's OpenCL library (the ICD loader) through LWJGL, once per JVM. LWJGL looks for
 * {@code libOpenCL.so} on Linux, which only development packages install; where the library
 * folders hold just the runtime's {@code libOpenCL.so.1}, that name is set in
 * {@value #LIBNAME_PROPERTY} first, and a failed default load is retried with it as well. A name
 * the user gave in {@value #LIBNAME_PROPERTY} is used as it is. The first failure is kept as the
 * cause.
 */
final class ClLibrary {
    /** LWJGL's property naming the OpenCL library. */
    static final String LIBNAME_PROPERTY = "org.lwjgl.opencl.libname";
    /** The runtime soname of the Linux ICD loader. */
    static final String LINUX_RUNTIME_NAME = "libOpenCL.so.1";

    /** What loading found: the library name in use, or why it failed. */
    record State(boolean loaded, String library, String reason, Throwable cause) {
    }

    private static State state;

    private ClLibrary() {
    }

    /** Loads the library on the first call; later calls return the same outcome. */
    static synchronized State load() {
        if (state == null) {
            state = tryLoad();
        }
        return state;
    }

    private static State tryLoad() {
        String requested = System.getProperty(LIBNAME_PROPERTY);
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        if ((requested == null || requested.isBlank()) && linux && !onLibraryPath("libOpenCL.so")
                && onLibraryPath(LINUX_RUNTIME_NAME)) {
            // Avoids a failed first attempt (which LWJGL reports on stderr) where only the runtime soname exists.
            return loadAs(LINUX_RUNTIME_NAME, null);
        }
        Throwable first;
        try {
            // Explicit initialisation: a failure inside CL's static initialiser would make the class
            // unusable, and with it the retry below.
            Configuration.OPENCL_EXPLICIT_INIT.set(true);
            if (requested != null && !requested.isBlank()) {
                CL.create(requested.trim());
                return new State(true, requested.trim(), null, null);
            }
            CL.create();
            return new State(true, "OpenCL (system default)", null, null);
        } catch (Throwable t) {
            first = t;
        }
        if ((requested == null || requested.isBlank()) && linux) {
            State retry = loadAs(LINUX_RUNTIME_NAME, first);
            if (retry.loaded()) {
                return retry;
            }
        }
        String reason = "cannot load the OpenCL library"
                + (requested == null ? " (tried the default name" + (linux ? " and " + LINUX_RUNTIME_NAME : "") + ")"
                : " '" + requested + "' (" + LIBNAME_PROPERTY + ")")
                + "; install an OpenCL driver or ICD loader (e.g. apt-get install ocl-icd-libopencl1 pocl-opencl-icd)";
        return new State(false, null, reason, first);
    }

    /** Loads the library under {@code name}, recording the name in the LWJGL property. */
    private static State loadAs(String name, Throwable earlier) {
        try {
            Configuration.OPENCL_EXPLICIT_INIT.set(true);
            System.setProperty(LIBNAME_PROPERTY, name);
            CL.create(name);
            return new State(true, name, null, null);
        } catch (Throwable t) {
            System.clearProperty(LIBNAME_PROPERTY);
            Throwable cause = earlier != null ? earlier : t;
            return new State(false, null, "cannot load the OpenCL library " + name + "; install an OpenCL driver or "
                    + "ICD loader (e.g. apt-get install ocl-icd-libopencl1 pocl-opencl-icd)", cause);
        }
    }

    /** Whether a file called {@code fileName} is in one of the usual library folders or LD_LIBRARY_PATH. */
    private static boolean onLibraryPath(String fileName) {
        List<String> dirs = new ArrayList<>(List.of("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/local/lib",
                "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
                "/lib/aarch64-linux-gnu"));
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            dirs.addAll(List.of(ld.split(":")));
        }
        return dirs.stream().filter(d -> !d.isBlank()).anyMatch(d -> Files.exists(Path.of(d, fileName)));
    }
}
