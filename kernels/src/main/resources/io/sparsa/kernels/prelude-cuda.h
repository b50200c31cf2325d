/*
 * Sparsa kernel prelude, CUDA C++ dialect (compiled by nvcc to PTX).
 *
 * See prelude-opencl.h for the vocabulary. Kernels are extern "C" so that their PTX entry names
 * are the names in the sources. Launch: grid = (global size / local size, 1, 1),
 * block = (local size, 1, 1), no dynamic shared memory.
 */
#define SPARSA_CUDA 1

#define KERNEL extern "C" __global__ void
#define DEVICE_FN static __device__ __forceinline__
#define GLOBAL
#define LOCAL __shared__
#define LOCAL_PTR

#define GID_X ((int) (blockIdx.x * blockDim.x + threadIdx.x))
#define LID_X ((int) threadIdx.x)
#define GROUP_X ((int) blockIdx.x)
#define LSIZE_X ((int) blockDim.x)

#define BARRIER() __syncthreads()
#define BARRIER_GLOBAL() __syncthreads()

#define ATOMIC_ADD_LOCAL_INT(p, v) atomicAdd((int*) (p), (v))

#define FLOAT_AS_UINT(f) __float_as_uint(f)
#define UINT_AS_FLOAT(u) __uint_as_float(u)

#define EXP(x) expf(x)
#define LOG(x) logf(x)
#define SQRT(x) sqrtf(x)

typedef unsigned int u32;
typedef unsigned long long u64;
