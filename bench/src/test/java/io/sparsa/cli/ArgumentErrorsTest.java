package io.sparsa.cli;

import io.sparsa.backend.BackendProvider;
import io.sparsa.backend.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Mistakes a user can make with train, eval and reproduce: each gives one clear line and a non-zero exit. */
class ArgumentErrorsTest {
    @TempDir
    Path tmp;

    private static void assertBadInput(Cli.Result r, String... fragments) {
        assertEquals(ErrorHandler.BAD_INPUT, r.code(), r.all());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "stderr should contain '" + f + "':\n" + r.all());
        }
        assertFalse(r.err().contains("\tat "), "a user error must not print a stack trace:\n" + r.all());
    }

    @Test
    void unknownModelNamesTheKnownOnes() {
        assertBadInput(Cli.run("train", "--model", "resnet-50", "--backend", "cpu"),
                "unknown model 'resnet-50'", "dense-cnn-2", "sparse-cnn-2", "mlp-wta-lifetime");
        assertBadInput(Cli.run("reproduce", "--models", "dense-cnn-2,nope", "--plan"), "unknown model 'nope'");
    }

    @Test
    void trainWithoutModelSaysSo() {
        assertBadInput(Cli.run("train", "--backend", "cpu"), "--model is required");
    }

    @Test
    void missingDatasetDirectorySaysWhereItLookedAndWhatItNeeds() {
        Path missing = tmp.resolve("no-such-dir");
        assertBadInput(Cli.run("train", "--model", "mlp-relu", "--dataset", missing.toString(), "--backend", "cpu"),
                missing.toAbsolutePath().toString(), "train-images-idx3-ubyte");
        assertBadInput(Cli.run("eval", "--model-file", writeDummy().toString(), "--dataset", missing.toString()),
                missing.toAbsolutePath().toString());
        assertBadInput(Cli.run("reproduce", "--dataset", missing.toString(), "--out", tmp.resolve("o").toString()),
                missing.toAbsolutePath().toString());
    }

    @Test
    void missingFashionMnistSaysWhereItLookedAndHowToGetIt() {
        assumeFalse(io.sparsa.data.Datasets.fashionMnistLocations().stream().anyMatch(Files::isDirectory),
                "Fashion-MNIST is installed here");
        Cli.Result r = Cli.run("train", "--model", "mlp-relu", "--dataset", "fashion-mnist", "--backend", "cpu");
        assertBadInput(r, "fashion-mnist", io.sparsa.data.Datasets.FASHION_SYSTEM_DIR, ".sparsa", "apt-get install");
    }

    @Test
    void listNamesEveryModel() {
        Cli.Result r = Cli.run("train", "--list");
        assertEquals(0, r.code(), r.all());
        for (String name : io.sparsa.experiments.model.Networks.names()) {
            assertTrue(r.out().contains(name), name + " missing:\n" + r.out());
        }
    }

    @Test
    void directoryLackingFilesNamesThem() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("half"));
        IdxFiles.digits(dir, 20, 10);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertBadInput(Cli.run("train", "--model", "mlp-relu", "--dataset", dir.toString(), "--backend", "cpu"),
                "lacks t10k-labels-idx1-ubyte");
    }

    @Test
    void corruptIdxFileIsReportedByName() throws IOException {
        Path dir = IdxFiles.digits(tmp.resolve("corrupt"), 20, 10);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] gz = Files.readAllBytes(images);
        // cut the gzip stream in the middle of the pixels
        Files.write(images, java.util.Arrays.copyOf(gz, gz.length / 2));
        assertBadInput(Cli.run("train", "--model", "mlp-relu", "--dataset", dir.toString(), "--backend", "cpu"),
                "train-images-idx3-ubyte.gz", "truncated");

        Path labels = dir.resolve("t10k-labels-idx1-ubyte.gz");
        Files.delete(images);
        IdxFiles.digits(dir, 20, 10);
        Files.write(labels, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertBadInput(Cli.run("eval", "--model-file", writeDummy().toString(), "--dataset", dir.toString()),
                "t10k-labels-idx1-ubyte.gz", "not an IDX file");
    }

    @Test
    void badNoiseArgumentsAreRefusedBeforeAnyWork() {
        String model = writeDummy().toString();
        assertBadInput(Cli.run("eval", "--model-file", model, "--noise", "salt"), "--noise", "paper or gaussian", "salt");
        assertBadInput(Cli.run("eval", "--model-file", model, "--noise", "paper", "--levels", "0,0.1,abc"),
                "--levels", "'abc' is not a number");
        assertBadInput(Cli.run("eval", "--model-file", model, "--noise", "paper", "--levels", "0,1.5"),
                "--levels", "[0, 1]", "1.5");
        assertBadInput(Cli.run("eval", "--model-file", model, "--noise", "gaussian", "--levels", "-0.1"),
                "--levels", ">= 0", "-0.1");
        assertBadInput(Cli.run("eval", "--model-file", model, "--noise", "paper", "--levels", "0.1,,0.2"), "--levels");
        assertBadInput(Cli.run("eval", "--model-file", model, "--noise", "paper", "--levels", "0.1,0.1"), "given twice");
        assertBadInput(Cli.run("eval", "--model-file", model, "--levels", "0.1"), "--levels needs --noise");
    }

    @Test
    void missingOrCorruptModelFileIsNamed() throws IOException {
        Path missing = tmp.resolve("missing.safetensors");
        assertBadInput(Cli.run("eval", "--model-file", missing.toString()), "--model-file", "no such file",
                missing.toAbsolutePath().toString());
        Path junk = tmp.resolve("junk.safetensors");
        Files.write(junk, new byte[]{1, 2, 3});
        assertBadInput(Cli.run("eval", "--model-file", junk.toString(), "--backend", "cpu"), junk.toString());
    }

    @Test
    void badNumbersAreRefused() {
        assertBadInput(Cli.run("train", "--model", "mlp-relu", "--epochs", "0", "--backend", "cpu"), "--epochs", ">= 1");
        assertBadInput(Cli.run("train", "--model", "mlp-relu", "--lr", "-1", "--backend", "cpu"), "--lr");
        assertBadInput(Cli.run("train", "--model", "mlp-relu", "--momentum", "1", "--backend", "cpu"), "--momentum");
        assertBadInput(Cli.run("reproduce", "--seeds", "0", "--plan"), "--seeds must be >= 1");
        assertBadInput(Cli.run("reproduce", "--quick", "--full", "--plan"), "--quick and --full");
    }

    @Test
    void unknownBackendIsBadInputAndUnavailableBackendExitsThree() {
        assertBadInput(Cli.run("train", "--model", "mlp-relu", "--backend", "tpu"), "unknown backend 'tpu'");
        BackendProvider cuda = Backends.providers().stream().filter(p -> p.name().equals("cuda")).findFirst()
                .orElseThrow();
        assumeFalse(cuda.probe().available(), "a CUDA device is present: nothing unavailable to request");
        Cli.Result r = Cli.run("reproduce", "--backend", "cuda", "--out", tmp.resolve("o").toString());
        assertEquals(ErrorHandler.BACKEND_UNAVAILABLE, r.code(), r.all());
        assertTrue(r.err().contains("backend 'cuda' was requested but cannot run"), r.all());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[]{"train", "eval", "reproduce"}) {
            Cli.Result r = Cli.run(command, "--help");
            assertEquals(0, r.code(), r.all());
            assertTrue(r.out().contains("Usage: sparsa " + command), r.all());
            assertTrue(r.out().contains("--backend") && r.out().contains("--dataset"), r.all());
            assertFalse(r.out().contains("--limit-train"), "hidden options stay hidden:\n" + r.out());
        }
    }

    /** A file that exists (argument checks come before it is read). */
    private Path writeDummy() {
        try {
            Path f = tmp.resolve("dummy.safetensors");
            if (!Files.exists(f)) {
                Files.write(f, new byte[16]);
            }
            return f;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
