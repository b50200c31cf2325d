package io.sparsa.opencl;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.BackendUnavailableException;
import io.sparsa.backend.Probe;

import java.util.ArrayList;
import java.util.List;

/**
 * The OpenCL backend's provider ({@code opencl}, priority 200: between cuda and cpu) — unless its
 * only devices are CPUs (an OpenCL CPU runtime such as PoCL): then it ranks 50, below the native
 * cpu backend, because {@code auto} should pick the faster of two ways to use the same processor.
 * Asking for {@code opencl} by name still uses such a device. The probe
 * loads the OpenCL library and lists every device, GPUs first, then accelerators, then CPUs;
 * {@code sparsa.device} picks one by its index in that list (default 0, the most preferred).
 */
public final class ClProvider implements BackendProvider {
    private Probe probe;
    private List<ClDevice> devices = List.of();

    @Override
    public String name() {
        return ClBackend.NAME;
    }

    @Override
    public int priority() {
        return onlyCpuDevices() ? CPU_ONLY_PRIORITY : PRIORITY;
    }

    /** Rank with a GPU or accelerator. */
    static final int PRIORITY = 200;
    /** Rank when every device is a CPU: below the cpu backend's 100. */
    static final int CPU_ONLY_PRIORITY = 50;

    private boolean onlyCpuDevices() {
        if (!probe().available()) {
            return false;
        }
        synchronized (this) {
            return devices.stream().allMatch(d -> d.preferenceRank() >= 2);
        }
    }

    @Override
    public synchronized Probe probe() {
        if (probe == null) {
            probe = runProbe();
        }
        return probe;
    }

    private Probe runProbe() {
        try {
            ClLibrary.State lib = ClLibrary.load();
            if (!lib.loaded()) {
                return Probe.unavailable(lib.reason(), lib.cause());
            }
            List<ClDevice> found = ClDevices.list();
            if (found.isEmpty()) {
                return Probe.unavailable("no OpenCL platform or device found (library " + lib.library()
                        + " loaded); install a driver, e.g. apt-get install pocl-opencl-icd for the CPU", null);
            }
            devices = found;
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < found.size(); i++) {
                lines.add(i + ": " + found.get(i).describe());
            }
            KernelTuning tuning = tuningFor(found.get(0));
            return Probe.available(lines, List.of("library: " + lib.library(),
                    "device order: GPU, accelerator, CPU; pick another with -Dsparsa.device=<index>",
                    found.get(0).preferenceRank() >= 2
                            ? "only CPU devices: ranked " + CPU_ONLY_PRIORITY + ", below the native cpu backend, under auto"
                            : "ranked " + PRIORITY + " under auto",
                    "kernel tuning for device 0: " + tuning.buildOptions()));
        } catch (Throwable t) {
            return Probe.unavailable("OpenCL probe failed: " + t, t);
        }
    }

    @Override
    public Backend create(BackendConfig config) {
        Probe p = probe();
        if (!p.available()) {
            throw new BackendUnavailableException("backend 'opencl' cannot run: " + p.fullReason(), p.cause());
        }
        List<ClDevice> list;
        synchronized (this) {
            list = devices;
        }
        if (config.device() >= list.size()) {
            throw new IllegalArgumentException("device index (sparsa.device) " + config.device() + " is out of range: "
                    + list.size() + " OpenCL device(s): " + String.join("; ", p.devices()));
        }
        ClDevice device = list.get(config.device());
        return new ClBackend(device, tuningFor(device));
    }

    /** A backend on {@code device} compiled with explicit kernel sizes (tests of the fallbacks). */
    Backend create(int deviceIndex, KernelTuning tuning) {
        if (!probe().available()) {
            throw new BackendUnavailableException("backend 'opencl' cannot run: " + probe().fullReason(), probe().cause());
        }
        synchronized (this) {
            return new ClBackend(devices.get(deviceIndex), tuning);
        }
    }

    private static KernelTuning tuningFor(ClDevice d) {
        return KernelTuning.forDevice(d.maxWorkGroupSize(), d.localMemBytes());
    }
}
