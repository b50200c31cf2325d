package io.sparsa.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds backend providers and picks one. The request comes from the system property
 * {@code sparsa.backend}, else the environment variable {@code SPARSA_BACKEND}, else {@code auto}.
 * {@code auto} takes the available provider of highest priority; a provider asked for by name
 * must be available, or selection fails with its probe's reason: there is no silent fallback.
 */
public final class Backends {
    /** System property naming the backend. */
    public static final String PROPERTY = "sparsa.backend";
    /** Environment variable used when the property is absent. */
    public static final String ENVIRONMENT = "SPARSA_BACKEND";
    /** The request that picks the best available backend. */
    public static final String AUTO = "auto";

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());

    private Backends() {
    }

    /** Every provider on the class path, highest priority first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> found = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            found.add(p);
        }
        found.sort(Comparator.comparingInt(BackendProvider::priority).reversed()
                .thenComparing(BackendProvider::name));
        return found;
    }

    /** The request in force: property, else environment, else {@code auto}; trimmed, lower case. */
    public static String requested() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            v = System.getenv(ENVIRONMENT);
        }
        if (v == null || v.isBlank()) {
            v = AUTO;
        }
        return v.trim().toLowerCase(Locale.ROOT);
    }

    /** Selects for the request in force ({@link #requested()}). */
    public static Selection select() {
        return select(requested());
    }

    /**
     * Selects a provider for {@code request} ({@code auto} or a provider name) among
     * {@link #providers()}.
     *
     * @throws IllegalArgumentException    for an unknown name (the message lists the known ones)
     * @throws BackendUnavailableException when the named provider, or under auto every provider, cannot run
     */
    public static Selection select(String request) {
        return select(request, providers());
    }

    /** As {@link #select(String)}, among the given providers (sorted by the caller or not). */
    public static Selection select(String request, List<BackendProvider> providers) {
        String name = request == null || request.isBlank() ? AUTO : request.trim().toLowerCase(Locale.ROOT);
        List<BackendProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparingInt(BackendProvider::priority).reversed().thenComparing(BackendProvider::name));
        if (!name.equals(AUTO)) {
            BackendProvider p = sorted.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown backend '" + name + "' (from "
                            + PROPERTY + " / " + ENVIRONMENT + "); known backends: " + AUTO + ", "
                            + sorted.stream().map(BackendProvider::name).collect(Collectors.joining(", "))));
            Probe probe = p.probe();
            if (!probe.available()) {
                throw new BackendUnavailableException("backend '" + name + "' was requested but cannot run: "
                        + probe.fullReason(), probe.cause());
            }
            return new Selection(name, p, List.of());
        }
        List<Skipped> skipped = new ArrayList<>();
        for (BackendProvider p : sorted) {
            Probe probe = p.probe();
            if (probe.available()) {
                Selection s = new Selection(name, p, skipped);
                LOG.log(System.Logger.Level.INFO, s.summary());
                return s;
            }
            skipped.add(new Skipped(p.name(), probe.fullReason()));
        }
        throw new BackendUnavailableException("no backend can run here: " + skipped.stream()
                .map(s -> s.name() + ": " + s.reason()).collect(Collectors.joining("; ")), null);
    }

    /** Creates the backend for the request in force, with settings from the system properties. */
    public static Backend create() {
        return select().create(BackendConfig.fromSystemProperties());
    }

    /** Creates the backend named {@code request} (or {@code auto}), with settings from the system properties. */
    public static Backend create(String request) {
        return select(request).create(BackendConfig.fromSystemProperties());
    }

    /** A provider skipped under {@code auto}, and why. */
    public record Skipped(String name, String reason) {
    }

    /**
     * The outcome of a selection.
     *
     * @param request  what was asked for ({@code auto} or a name)
     * @param provider the chosen provider
     * @param skipped  higher-priority providers that could not run (only under auto)
     */
    public record Selection(String request, BackendProvider provider, List<Skipped> skipped) {
        public Selection {
            skipped = List.copyOf(skipped);
        }

        public Backend create(BackendConfig config) {
            return provider.create(config);
        }

        /** One line: {@code backend cpu (auto; skipped cuda: no driver; opencl: no platform)}. */
        public String summary() {
            StringBuilder sb = new StringBuilder("sparsa backend: ").append(provider.name())
                    .append(" (").append(request);
            if (!skipped.isEmpty()) {
                sb.append("; skipped ").append(skipped.stream().map(s -> s.name() + ": " + s.reason())
                        .collect(Collectors.joining("; ")));
            }
            return sb.append(')').toString();
        }
    }
}
