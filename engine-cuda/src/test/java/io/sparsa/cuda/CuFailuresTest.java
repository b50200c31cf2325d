package io.sparsa.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Naming the library behind a failed native load, from errors shaped as JCuda reports them. */
class CuFailuresTest {
    private static UnsatisfiedLinkError jcudaStyle(String library, String missing) {
        return new UnsatisfiedLinkError("Error while loading native library \"" + library + "\"\n"
                + "Operating system name: Linux\n---(start of nested stack traces)---\n"
                + "Stack trace from the attempt to load the library as a resource:\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/lib" + library + ".so: " + missing
                + ": cannot open shared object file: No such file or directory\n---(end of nested stack traces)---");
    }

    @Test
    void theMissingSharedObjectIsNamed() {
        UnsatisfiedLinkError driver = jcudaStyle("JCudaDriver-12.6.0-linux-x86_64", "libcuda.so.1");
        assertEquals("libcuda.so.1", CuFailures.missingLibrary(driver));
        assertTrue(CuProbe.driverLoadFailure(driver).startsWith("no NVIDIA driver: libcuda.so.1"),
                CuProbe.driverLoadFailure(driver));

        UnsatisfiedLinkError blas = jcudaStyle("JCublas2-12.6.0-linux-x86_64", "libcublas.so.12");
        assertEquals("libcublas.so.12", CuFailures.missingLibrary(blas));
        assertEquals("libcublas.so.12 could not be loaded (not found by the dynamic loader)",
                CuFailures.describeLoadFailure(blas));
    }

    @Test
    void longLoadErrorsAreShortenedKeepingTheOriginal() {
        UnsatisfiedLinkError driver = jcudaStyle("JCudaDriver-12.6.0-linux-x86_64", "libcuda.so.1");
        Throwable c = CuFailures.concise(driver);
        assertEquals("/tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file: "
                + "No such file or directory", c.getMessage());
        assertTrue(c instanceof UnsatisfiedLinkError);
        assertSame(driver, c.getCause());
        UnsatisfiedLinkError oneLine = new UnsatisfiedLinkError("short");
        assertSame(oneLine, CuFailures.concise(oneLine));
    }

    @Test
    void causesAndSuppressedErrorsAreSearched() {
        RuntimeException outer = new RuntimeException("wrapper", new IllegalStateException("middle"));
        outer.getCause().addSuppressed(jcudaStyle("JCublas2", "libcublasLt.so.12"));
        assertEquals("libcublasLt.so.12", CuFailures.missingLibrary(outer));
    }

    @Test
    void otherFailuresKeepTheirFirstLine() {
        UnsatisfiedLinkError other = new UnsatisfiedLinkError("version `GLIBCXX_3.4.32' not found\nmore detail");
        assertNull(CuFailures.missingLibrary(other));
        assertEquals("UnsatisfiedLinkError: version `GLIBCXX_3.4.32' not found", CuFailures.describeLoadFailure(other));
        assertTrue(CuProbe.driverLoadFailure(other).startsWith("JCuda's native library could not be loaded: "),
                CuProbe.driverLoadFailure(other));
    }
}
