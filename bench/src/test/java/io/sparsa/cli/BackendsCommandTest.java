package io.sparsa.cli;

import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.Backends;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class BackendsCommandTest {

    /** Runs the CLI, capturing stdout and stderr. */
    private static Result run(String... args) {
        CommandLine cl = SparsaCli.newCommandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = cl.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(old);
        }
    }

    private record Result(int code, String out, String err) {
    }

    @Test
    void listsEveryBackendAndTheSelection() {
        Result r = run("backends", "--backend", "auto");
        assertEquals(0, r.code(), r.err());
        for (String name : new String[]{"cpu", "opencl", "cuda", "reference"}) {
            assertTrue(r.out().contains(name), "output should list " + name + ":\n" + r.out());
        }
        assertTrue(r.out().contains("requested: auto -> selected: "), r.out());
    }

    @Test
    void cpuIsAvailable() {
        Result r = run("backends", "--backend", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("selected: cpu"), r.out());
    }

    @Test
    void unknownBackendExitsNonZeroListingKnownNames() {
        Result r = run("backends", "--backend", "tpu");
        assertEquals(ErrorHandler.BAD_INPUT, r.code());
        assertTrue(r.err().contains("unknown backend 'tpu'"), r.err());
        assertTrue(r.err().contains("cpu") && r.err().contains("opencl") && r.err().contains("cuda"), r.err());
    }

    @Test
    void unavailableBackendRequestedByNameExitsNonZeroWithTheReason() {
        BackendProvider cuda = Backends.providers().stream().filter(p -> p.name().equals("cuda")).findFirst()
                .orElseThrow();
        assumeFalse(cuda.probe().available(), "a CUDA device is present: nothing unavailable to request");
        Result r = run("backends", "--backend", "cuda");
        assertEquals(ErrorHandler.BACKEND_UNAVAILABLE, r.code());
        assertTrue(r.err().contains("backend 'cuda' was requested but cannot run: " + cuda.probe().reason()),
                r.err());
    }
}
