package io.sparsa.opencl;

import org.lwjgl.BufferUtils;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.lwjgl.opencl.CL10.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.lwjgl.opencl.CL10.CL_DEVICE_LOCAL_MEM_SIZE;
import static org.lwjgl.opencl.CL10.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.lwjgl.opencl.CL10.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.lwjgl.opencl.CL10.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.lwjgl.opencl.CL10.CL_DEVICE_NAME;
import static org.lwjgl.opencl.CL10.CL_DEVICE_TYPE;
import static org.lwjgl.opencl.CL10.CL_DEVICE_TYPE_ACCELERATOR;
import static org.lwjgl.opencl.CL10.CL_DEVICE_TYPE_CPU;
import static org.lwjgl.opencl.CL10.CL_DEVICE_TYPE_GPU;
import static org.lwjgl.opencl.CL10.CL_DEVICE_VERSION;
import static org.lwjgl.opencl.CL10.CL_PLATFORM_NAME;
import static org.lwjgl.opencl.CL10.clGetDeviceInfo;
import static org.lwjgl.opencl.CL10.clGetPlatformInfo;

/**
 * One OpenCL device and the limits the backend sizes its kernels by.
 *
 * @param platform         platform handle
 * @param id               device handle
 * @param platformName     e.g. {@code Portable Computing Language}
 * @param name             e.g. {@code pthread-haswell-AMD EPYC}
 * @param type             {@code CL_DEVICE_TYPE_*} bits
 * @param version          {@code CL_DEVICE_VERSION}, e.g. {@code OpenCL 3.0 PoCL ...}
 * @param maxWorkGroupSize {@code CL_DEVICE_MAX_WORK_GROUP_SIZE}
 * @param localMemBytes    {@code CL_DEVICE_LOCAL_MEM_SIZE}
 * @param globalMemBytes   {@code CL_DEVICE_GLOBAL_MEM_SIZE}
 * @param maxAllocBytes    {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}
 * @param computeUnits     {@code CL_DEVICE_MAX_COMPUTE_UNITS}
 */
record ClDevice(long platform, long id, String platformName, String name, long type, String version,
                long maxWorkGroupSize, long localMemBytes, long globalMemBytes, long maxAllocBytes, int computeUnits) {

    static ClDevice query(long platform, long device) {
        return new ClDevice(platform, device, platformString(platform, CL_PLATFORM_NAME), deviceString(device, CL_DEVICE_NAME),
                deviceLong(device, CL_DEVICE_TYPE), deviceString(device, CL_DEVICE_VERSION),
                deviceSize(device, CL_DEVICE_MAX_WORK_GROUP_SIZE), deviceLong(device, CL_DEVICE_LOCAL_MEM_SIZE),
                deviceLong(device, CL_DEVICE_GLOBAL_MEM_SIZE), deviceLong(device, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                deviceInt(device, CL_DEVICE_MAX_COMPUTE_UNITS));
    }

    /** GPU first, then accelerator, then CPU, then anything else: lower ranks are preferred. */
    int preferenceRank() {
        if ((type & CL_DEVICE_TYPE_GPU) != 0) {
            return 0;
        }
        if ((type & CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            return 1;
        }
        if ((type & CL_DEVICE_TYPE_CPU) != 0) {
            return 2;
        }
        return 3;
    }

    String typeName() {
        return switch (preferenceRank()) {
            case 0 -> "GPU";
            case 1 -> "accelerator";
            case 2 -> "CPU";
            default -> "device";
        };
    }

    /** One line: {@code CPU pthread-haswell (Portable Computing Language; OpenCL 3.0 ...; 2 compute units, 3.7 GiB)}. */
    String describe() {
        return typeName() + " " + name + " (" + platformName + "; " + version + "; " + computeUnits + " compute units, "
                + String.format(Locale.ROOT, "%.1f GiB", globalMemBytes / (double) (1L << 30)) + ", max work-group "
                + maxWorkGroupSize + ", local memory " + localMemBytes / 1024 + " KiB)";
    }

    private static String platformString(long platform, int param) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer size = stack.mallocPointer(1);
            ClException.check(clGetPlatformInfo(platform, param, (ByteBuffer) null, size), "clGetPlatformInfo");
            ByteBuffer buf = BufferUtils.createByteBuffer((int) size.get(0));
            ClException.check(clGetPlatformInfo(platform, param, buf, null), "clGetPlatformInfo");
            return cString(buf);
        }
    }

    private static String deviceString(long device, int param) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer size = stack.mallocPointer(1);
            ClException.check(clGetDeviceInfo(device, param, (ByteBuffer) null, size), "clGetDeviceInfo");
            ByteBuffer buf = BufferUtils.createByteBuffer((int) size.get(0));
            ClException.check(clGetDeviceInfo(device, param, buf, null), "clGetDeviceInfo");
            return cString(buf);
        }
    }

    private static long deviceLong(long device, int param) {
        long[] v = new long[1];
        ClException.check(clGetDeviceInfo(device, param, v, null), "clGetDeviceInfo");
        return v[0];
    }

    private static int deviceInt(long device, int param) {
        int[] v = new int[1];
        ClException.check(clGetDeviceInfo(device, param, v, null), "clGetDeviceInfo");
        return v[0];
    }

    private static long deviceSize(long device, int param) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer v = stack.mallocPointer(1);
            ClException.check(clGetDeviceInfo(device, param, v, null), "clGetDeviceInfo");
            return v.get(0);
        }
    }

    private static String cString(ByteBuffer buf) {
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8).trim();
    }
}
