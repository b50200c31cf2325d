package io.sparsa.kernels;

/** A C dialect the kernel sources compile as; each has a prelude that maps the shared vocabulary. */
public enum Dialect {
    /** OpenCL C 1.2, built at run time by the OpenCL driver. */
    OPENCL("prelude-opencl.h"),
    /** CUDA C++, compiled to PTX by nvcc at build time. */
    CUDA("prelude-cuda.h");

    private final String prelude;

    Dialect(String prelude) {
        this.prelude = prelude;
    }

    /** Resource name of the prelude, relative to {@link KernelSources#RESOURCE_DIR}. */
    public String prelude() {
        return prelude;
    }
}
