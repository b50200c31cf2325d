/*
 * Sparsa kernel prelude, OpenCL C 1.2 dialect.
 *
 * Every kernel source is written in a small C vocabulary that this file (or prelude-cuda.h)
 * maps onto the dialect: kernel and helper qualifiers, memory spaces, work-item ids, barriers,
 * atomics, bit casts and the few math functions the kernels use.
 *
 * Launch convention shared by both dialects: every kernel is launched 1-d, with a global size
 * that is a whole number of work-groups, so CUDA's grid is global / local.
 */
#define SPARSA_OPENCL 1

#define KERNEL __kernel void
#define DEVICE_FN static inline
#define GLOBAL __global
#define LOCAL __local
#define LOCAL_PTR __local

#define GID_X ((int) get_global_id(0))
#define LID_X ((int) get_local_id(0))
#define GROUP_X ((int) get_group_id(0))
#define LSIZE_X ((int) get_local_size(0))

/* Waits for the work-group; local memory written before is visible after. */
#define BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
/* As BARRIER, and global memory written by the work-group is visible to it after. */
#define BARRIER_GLOBAL() barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE)

#define ATOMIC_ADD_LOCAL_INT(p, v) atomic_add((volatile __local int*) (p), (v))

#define FLOAT_AS_UINT(f) as_uint(f)
#define UINT_AS_FLOAT(u) as_float(u)

#define EXP(x) exp(x)
#define LOG(x) log(x)
#define SQRT(x) sqrt(x)

typedef uint u32;
typedef ulong u64;
