package io.sparsa.opencl;

import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.lwjgl.opencl.CL10.CL_DEVICE_NOT_FOUND;
import static org.lwjgl.opencl.CL10.CL_DEVICE_TYPE_ALL;
import static org.lwjgl.opencl.CL10.CL_SUCCESS;
import static org.lwjgl.opencl.CL10.clGetDeviceIDs;
import static org.lwjgl.opencl.CL10.clGetPlatformIDs;

/** Lists the OpenCL devices of every platform, in the order the backend prefers them. */
final class ClDevices {
    /** What the ICD loader reports when no platform is installed. */
    private static final int PLATFORM_NOT_FOUND_KHR = -1001;

    private ClDevices() {
    }

    /**
     * All devices, GPUs first, then accelerators, then CPUs (stable within a kind: platform order,
     * then device order). Empty when no platform is installed.
     */
    static List<ClDevice> list() {
        List<ClDevice> devices = new ArrayList<>();
        for (long platform : platforms()) {
            for (long device : devices(platform)) {
                devices.add(ClDevice.query(platform, device));
            }
        }
        devices.sort(Comparator.comparingInt(ClDevice::preferenceRank));
        return devices;
    }

    private static long[] platforms() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer count = stack.mallocInt(1);
            int err = clGetPlatformIDs(null, count);
            if (err == PLATFORM_NOT_FOUND_KHR || (err == CL_SUCCESS && count.get(0) == 0)) {
                return new long[0];
            }
            ClException.check(err, "clGetPlatformIDs");
            PointerBuffer ids = stack.mallocPointer(count.get(0));
            ClException.check(clGetPlatformIDs(ids, (IntBuffer) null), "clGetPlatformIDs");
            long[] out = new long[ids.capacity()];
            for (int i = 0; i < out.length; i++) {
                out[i] = ids.get(i);
            }
            return out;
        }
    }

    private static long[] devices(long platform) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer count = stack.mallocInt(1);
            int err = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, null, count);
            if (err == CL_DEVICE_NOT_FOUND) {
                return new long[0];
            }
            ClException.check(err, "clGetDeviceIDs");
            PointerBuffer ids = stack.mallocPointer(count.get(0));
            ClException.check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids, (IntBuffer) null), "clGetDeviceIDs");
            long[] out = new long[ids.capacity()];
            for (int i = 0; i < out.length; i++) {
                out[i] = ids.get(i);
            }
            return out;
        }
    }
}
