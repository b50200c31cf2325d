package io.sparsa.cuda;

import java.util.Locale;

/**
 * Every kernel the CUDA backend launches, named as in the shared kernel sources
 * ({@code kernels/src/main/resources/io/sparsa/kernels/*.cl}, where each kernel's comment gives its
 * arguments in order and its launch geometry). Launching only through these constants lets a test
 * check that each one is an entry of the shipped PTX, and lets the probe refuse a stale PTX.
 */
enum CuKernel {
    GEMM,
    CONV2D_FORWARD, CONV2D_SPARSE_INPUT, CONV2D_BACKWARD_DATA, CONV2D_BACKWARD_WEIGHTS, SUM_SPLITS, CONV_BIAS_GRAD,
    SPARSE_CONV2D_FORWARD, SPARSE_CONV2D_BACKWARD_DATA, SPARSE_CONV2D_BACKWARD_WEIGHTS,
    ELL_MATMUL, ELL_TRANSPOSE_COUNT, ELL_TRANSPOSE_PREFIX, ELL_TRANSPOSE_OFFSETS, ELL_TRANSPOSE_FILL,
    ELL_MATMUL_BACKWARD_DATA, ELL_MATMUL_BACKWARD_WEIGHTS,
    SPARSE_SPARSE_MATMUL,
    MAXPOOL2D_FORWARD, MAXPOOL2D_BACKWARD,
    KWINNERS_ROWS, KWINNERS_HIST, KWINNERS_SELECT, KWINNERS_COUNT, KWINNERS_OFFSETS, KWINNERS_WRITE,
    KWINNERS_LOCAL, KWINNERS_BACKWARD, KWINNERS_LOCAL_BACKWARD,
    DUTY_CYCLE_UPDATE, BOOST_FACTORS,
    FILL_F32, FILL_I32, ADD_BIAS, RELU, RELU_BACKWARD, MUL, AXPY, SCALE, CLAMP_VALUES, GREATER_EQUAL, SUM_ROWS,
    GATHER_ROWS, ARGMAX_ROWS,
    LOG_SOFTMAX, NLL_LOSS_SUM, LOG_SOFTMAX_NLL_BACKWARD,
    BATCHNORM_TRAIN_STATS, BATCHNORM_EVAL_STATS, BATCHNORM_APPLY, BATCHNORM_BACKWARD_REDUCE, BATCHNORM_BACKWARD_DATA,
    DROPOUT,
    SGD_STEP;

    private final String entry = name().toLowerCase(Locale.ROOT);

    /** The PTX entry name (the kernel's name in the sources). */
    String entry() {
        return entry;
    }
}
