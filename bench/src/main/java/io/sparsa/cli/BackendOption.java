package io.sparsa.cli;

import io.sparsa.backend.Backend;
import io.sparsa.backend.BackendConfig;
import io.sparsa.backend.Backends;
import picocli.CommandLine.Option;

import java.io.PrintStream;

/** The {@code --backend} option shared by the commands that compute: it overrides {@code sparsa.backend}. */
final class BackendOption {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend: auto, cpu, opencl, cuda or reference (default: the sparsa.backend property, "
                    + "else SPARSA_BACKEND, else auto). A named backend that cannot run is an error (exit 3).")
    String backend;

    /** The request in force: this option, else the property or environment, else auto. */
    String request() {
        return backend != null ? backend : Backends.requested();
    }

    /** Selects and creates the backend, printing which one. */
    Backend open(PrintStream out) {
        Backends.Selection s = Backends.select(request());
        Backend b = s.create(BackendConfig.fromSystemProperties());
        out.println(s.summary() + " - " + b.deviceDescription());
        return b;
    }
}
