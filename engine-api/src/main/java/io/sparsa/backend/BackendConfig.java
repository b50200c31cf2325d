package io.sparsa.backend;

/**
 * Settings a provider creates its backend with.
 *
 * @param device  device index among the provider's devices ({@code sparsa.device}, default 0)
 * @param threads worker threads for host-side kernels ({@code sparsa.threads}, default: all cores)
 */
public record BackendConfig(int device, int threads) {
    public BackendConfig {
        if (device < 0) {
            throw new IllegalArgumentException("device index (sparsa.device) must be >= 0, got " + device);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("thread count (sparsa.threads) must be >= 1, got " + threads);
        }
    }

    /** From the system properties {@code sparsa.device} and {@code sparsa.threads}. */
    public static BackendConfig fromSystemProperties() {
        return new BackendConfig(intProperty("sparsa.device", 0),
                intProperty("sparsa.threads", Runtime.getRuntime().availableProcessors()));
    }

    public BackendConfig withThreads(int n) {
        return new BackendConfig(device, n);
    }

    private static int intProperty(String name, int fallback) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + name + " must be an integer, got '" + v + "'", e);
        }
    }
}
