package io.sparsa.cli;

import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.Backends;
import io.sparsa.backend.Probe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sparsa backends}: every discovered backend, whether it can run and why not, its devices,
 * and what the current request ({@code sparsa.backend} / {@code SPARSA_BACKEND}) selects.
 */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = {"List the discovered backends, their devices, and the one that would be used.",
                "Exits 3 when the requested backend (sparsa.backend, SPARSA_BACKEND or --backend) cannot run, "
                        + "2 for an unknown backend name."})
final class BackendsCommand implements Callable<Integer> {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend request to resolve (auto, or a backend name); overrides sparsa.backend and SPARSA_BACKEND.")
    String backend;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        List<BackendProvider> providers = Backends.providers();
        for (BackendProvider p : providers) {
            Probe probe = p.probe();
            out.printf("%-10s priority %3d  %s%n", p.name(), p.priority(),
                    probe.available() ? "available" : "unavailable: " + probe.fullReason());
            for (String d : probe.devices()) {
                out.println("    device: " + d);
            }
            for (String d : probe.details()) {
                out.println("    " + d);
            }
        }
        String request = backend != null ? backend.trim().toLowerCase(java.util.Locale.ROOT) : Backends.requested();
        Backends.Selection s = Backends.select(request, providers);
        out.println();
        out.println("requested: " + request + " -> selected: " + s.provider().name());
        for (Backends.Skipped sk : s.skipped()) {
            out.println("    skipped " + sk.name() + ": " + sk.reason());
        }
        return 0;
    }
}
