/*
 * SGD with momentum and weight decay, as torch.optim.SGD (dampening 0, no Nesterov).
 * Contract: io.sparsa.backend.ops.OptimizerOps#sgdStep.
 */

/*
 * sgd_step(param, grad, velocity, keepMask, count, useMomentum, hasMask, lr, momentum, weightDecay)
 *   g = grad + weightDecay * param; with useMomentum: velocity = momentum * velocity + g, g = velocity;
 *   param -= lr * g; with hasMask: param *= keepMask. velocity / keepMask are read only when used.
 * Launch: global >= count (any local size).
 */
KERNEL sgd_step(GLOBAL float* param, const GLOBAL float* grad, GLOBAL float* velocity, const GLOBAL float* keepMask,
                int count, int useMomentum, int hasMask, float lr, float momentum, float weightDecay) {
    int i = GID_X;
    if (i >= count) {
        return;
    }
    float p = param[i];
    float g = grad[i] + weightDecay * p;
    if (useMomentum) {
        float v = momentum * velocity[i] + g;
        velocity[i] = v;
        g = v;
    }
    p -= lr * g;
    if (hasMask) {
        p *= keepMask[i];
    }
    param[i] = p;
}
