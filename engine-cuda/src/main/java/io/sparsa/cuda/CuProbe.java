package io.sparsa.cuda;

import io.sparsa.backend.Probe;
import io.sparsa.kernels.CudaPtx;
import jcuda.JCudaVersion;
import jcuda.LibUtils;
import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds out, step by step, whether the CUDA backend can run here, and if not, says what the user
 * can do about it: JCuda's natives for this platform, the driver's {@code libcuda.so.1}, a device,
 * a driver new enough for the kernels' PTX, a GPU new enough for its target, the PTX loading, and
 * whether cuBLAS is there for GEMM. The first failing step is the reason; its throwable is the
 * cause.
 *
 * <p>Native loading can be attempted only once per JVM (a class whose initialiser failed stays
 * unusable), so the outcome is computed once and kept.
 */
final class CuProbe {
    /** What the probe found, with what {@link CuProvider#create} needs. */
    record Outcome(Probe probe, PtxImage ptx, int deviceCount, CuBlas.Availability cublas) {
    }

    /** Platforms JCuda 12.6.0 publishes natives for. */
    static final String NATIVE_PLATFORMS = "linux-x86_64 and windows-x86_64";

    private static Outcome outcome;

    private CuProbe() {
    }

    static synchronized Outcome outcome() {
        if (outcome == null) {
            outcome = run();
        }
        return outcome;
    }

    private static Outcome run() {
        PtxImage ptx;
        try {
            ptx = PtxImage.parse(CudaPtx.PTX_RESOURCE, CudaPtx.ptx());
        } catch (Throwable t) {
            return unavailable("the kernels' PTX could not be read from the kernels module: " + CuFailures.firstLine(t), t);
        }
        List<String> missing = missingKernels(ptx);
        if (!missing.isEmpty()) {
            return unavailable("the kernels' PTX (" + CudaPtx.PTX_RESOURCE + ") lacks kernels this backend launches: "
                    + missing + "; the kernels jar is older than engine-cuda: rebuild both", null);
        }
        int init;
        try {
            init = JCudaDriver.cuInit(0);
        } catch (Throwable t) {
            return unavailable(driverLoadFailure(t), CuFailures.concise(t));
        }
        if (init == CUresult.CUDA_ERROR_NO_DEVICE) {
            return unavailable("no CUDA device: the NVIDIA driver is installed but reports no GPU (check nvidia-smi; "
                    + "CUDA_VISIBLE_DEVICES may hide them; in a container, start it with GPU access)", null);
        }
        if (init != CUresult.CUDA_SUCCESS) {
            return unavailable("the NVIDIA driver failed to initialise: cuInit returned " + CUresult.stringFor(init)
                    + " (check nvidia-smi; a driver/kernel module mismatch needs a reboot or driver reinstall)", null);
        }
        try {
            return probeDevices(ptx);
        } catch (Throwable t) {
            return unavailable("probing the CUDA devices failed: " + CuFailures.firstLine(t), t);
        }
    }

    private static Outcome probeDevices(PtxImage ptx) {
        int[] v = new int[1];
        CuException.check(JCudaDriver.cuDriverGetVersion(v), "cuDriverGetVersion");
        int driver = v[0];
        int[] count = new int[1];
        CuException.check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
        if (count[0] == 0) {
            return unavailable("no CUDA device: the NVIDIA driver (CUDA " + PtxIsa.formatCudaVersion(driver)
                    + ") reports no GPU (check nvidia-smi and CUDA_VISIBLE_DEVICES)", null);
        }
        List<String> devices = new ArrayList<>();
        int firstUsable = -1;
        for (int i = 0; i < count[0]; i++) {
            CUdevice d = new CUdevice();
            CuException.check(JCudaDriver.cuDeviceGet(d, i), "cuDeviceGet");
            int cc = CuContext.computeCapability(d);
            boolean usable = cc >= ptx.targetComputeCapability();
            if (usable && firstUsable < 0) {
                firstUsable = i;
            }
            devices.add(i + ": " + CuContext.deviceName(d) + " (sm_" + cc + ")"
                    + (usable ? "" : " — too old for the PTX target " + ptx.target()));
        }
        if (firstUsable < 0) {
            return unavailable("no usable CUDA device: the kernels' PTX targets " + ptx.target()
                    + " (compute capability " + ptx.targetComputeCapability() / 10 + "." + ptx.targetComputeCapability() % 10
                    + " or newer) but the GPUs are " + devices, null);
        }
        PtxImage loadable = ptx;
        List<String> details = new ArrayList<>();
        int needed = ptx.isa().minimumDriverVersion();
        String need = "PTX ISA " + ptx.isa() + " needs a driver for CUDA " + (ptx.isa().isKnown() ? "" : ">= ")
                + PtxIsa.formatCudaVersion(needed) + " or newer";
        details.add("driver: CUDA " + PtxIsa.formatCudaVersion(driver) + " (cuDriverGetVersion " + driver + "); kernels: "
                + ptx.target() + ", " + need);
        if (driver < needed) {
            PtxIsa newest = PtxIsa.newestFor(driver);
            if (newest == null) {
                return unavailable(driverTooOld(ptx, driver, null), null);
            }
            // The kernels use no recent PTX feature, so the driver's own ISA usually works; the
            // JIT rejects the module cleanly if not, and the reason below says so.
            loadable = ptx.withIsa(newest);
            details.add("PTX ISA lowered from " + ptx.isa() + " to " + newest + " to suit this driver");
        }
        try (CuContext context = new CuContext(firstUsable)) {
            try (CuKernels kernels = new CuKernels(context, loadable)) {
                for (CuKernel k : CuKernel.values()) {
                    kernels.function(k.entry());
                }
            } catch (CuException e) {
                return unavailable(loadFailure(ptx, loadable, driver, e), e);
            }
            CuBlas.Availability cublas = CuBlas.availability(context);
            details.add("gemm: " + gemmLine(cublas));
            details.add("JCuda " + JCudaVersion.get() + ", driver API only; memory: caching pool, pinned staging, one stream");
            return new Outcome(Probe.available(devices, details), loadable, count[0], cublas);
        }
    }

    private static String gemmLine(CuBlas.Availability cublas) {
        try {
            return GemmChoice.decide(GemmChoice.requested(), cublas).description();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private static String loadFailure(PtxImage ptx, PtxImage loadable, int driver, CuException e) {
        if (e.result() == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION || loadable != ptx) {
            return driverTooOld(ptx, driver, e);
        }
        if (e.result() == CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU || e.result() == CUresult.CUDA_ERROR_INVALID_PTX) {
            return "the driver could not compile the kernels' PTX (" + ptx.target() + ", ISA " + ptx.isa() + ") for this GPU: "
                    + e.getMessage();
        }
        if (e.result() == CUresult.CUDA_ERROR_JIT_COMPILER_NOT_FOUND || e.result() == CUresult.CUDA_ERROR_JIT_COMPILATION_DISABLED) {
            return "the driver cannot JIT-compile PTX here (" + CUresult.stringFor(e.result())
                    + "): install the full NVIDIA driver (its libnvidia-ptxjitcompiler) or enable JIT";
        }
        return "loading the kernels' PTX failed: " + e.getMessage();
    }

    private static String driverTooOld(PtxImage ptx, int driver, Throwable attempt) {
        return "the NVIDIA driver is too old for the kernels' PTX: PTX ISA " + ptx.isa() + " needs a driver for CUDA "
                + (ptx.isa().isKnown() ? "" : ">= ") + PtxIsa.formatCudaVersion(ptx.isa().minimumDriverVersion())
                + " or newer, this driver supports CUDA " + PtxIsa.formatCudaVersion(driver)
                + (attempt == null ? "" : " and rejected the PTX even with its ISA version lowered (" + attempt.getMessage() + ")")
                + "; update the NVIDIA driver";
    }

    /** Why JCuda's driver binding did not load: its natives, or the driver library they need. */
    static String driverLoadFailure(Throwable t) {
        String lib = CuFailures.missingLibrary(t);
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
        String driverLibrary = windows ? "nvcuda.dll" : "libcuda.so.1";
        String noDriver = "no NVIDIA driver: " + driverLibrary + " could not be loaded (install the NVIDIA driver; "
                + "in a container, start it with GPU access, e.g. docker run --gpus all)";
        if (lib != null && (lib.startsWith("libcuda.so") || lib.equalsIgnoreCase("nvcuda.dll"))) {
            return noDriver;
        }
        if (!nativesPresent()) {
            return "JCuda " + JCudaVersion.get() + " has no native library for this platform ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): its natives exist for "
                    + NATIVE_PLATFORMS + " only; use the opencl or cpu backend here";
        }
        if (windows && lib != null) {
            // Windows does not name the missing DLL; JCuda's driver binding needs only nvcuda.dll.
            return noDriver;
        }
        return "JCuda's native library could not be loaded: " + CuFailures.describeLoadFailure(t);
    }

    /** Whether JCuda's driver library for this platform is on the class path. */
    static boolean nativesPresent() {
        try {
            String base = LibUtils.createPlatformLibraryName("JCudaDriver-" + JCudaVersion.get());
            return CuProbe.class.getResource("/lib/" + LibUtils.createLibraryFileName(base)) != null;
        } catch (Throwable t) {
            return false;
        }
    }

    /** Kernels the backend launches that the PTX does not define. */
    static List<String> missingKernels(PtxImage ptx) {
        List<String> missing = new ArrayList<>();
        for (CuKernel k : CuKernel.values()) {
            if (!ptx.entries().contains(k.entry())) {
                missing.add(k.entry());
            }
        }
        return missing;
    }

    private static Outcome unavailable(String reason, Throwable cause) {
        return new Outcome(Probe.unavailable(reason, cause), null, 0, null);
    }
}
