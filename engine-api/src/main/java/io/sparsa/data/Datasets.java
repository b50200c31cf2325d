package io.sparsa.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds and loads datasets by name:
 * <ul>
 *   <li>{@code mnist}: the 10,000 real MNIST digits bundled in this library (8,000 train, 2,000 test);</li>
 *   <li>{@code fashion-mnist}: Fashion-MNIST where Debian's {@code dataset-fashion-mnist} package
 *   installs it ({@value #FASHION_SYSTEM_DIR}), else in {@code ~/.sparsa/data/fashion-mnist};</li>
 *   <li>anything else: a directory holding the four IDX files {@code train-images-idx3-ubyte},
 *   {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte},
 *   each optionally gzipped ({@code .gz}).</li>
 * </ul>
 */
public final class Datasets {
    /** Name of the bundled digits. */
    public static final String MNIST = "mnist";
    /** Name of Fashion-MNIST. */
    public static final String FASHION_MNIST = "fashion-mnist";
    /** Where Debian's {@code dataset-fashion-mnist} package puts its files. */
    public static final String FASHION_SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";

    private static final String BUNDLED_MNIST = "/io/sparsa/data/mnist/";
    private static final String[] FILES = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private Datasets() {
    }

    /** Loads {@code mnist}, {@code fashion-mnist} or a directory of IDX files. */
    public static Dataset load(String nameOrDirectory) throws IOException {
        if (nameOrDirectory == null || nameOrDirectory.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be empty; use " + MNIST + ", " + FASHION_MNIST
                    + " or a directory of IDX files");
        }
        String key = nameOrDirectory.trim().toLowerCase(Locale.ROOT);
        if (key.equals(MNIST)) {
            return loadBundledMnist();
        }
        if (key.equals(FASHION_MNIST)) {
            return loadFirstFound(FASHION_MNIST, fashionMnistLocations());
        }
        return loadDirectory(nameOrDirectory.trim(), Path.of(nameOrDirectory.trim()));
    }

    /** Where {@code fashion-mnist} is looked for, in order. */
    public static List<Path> fashionMnistLocations() {
        return List.of(Path.of(FASHION_SYSTEM_DIR),
                Path.of(System.getProperty("user.home"), ".sparsa", "data", FASHION_MNIST));
    }

    /** The bundled 10,000 MNIST digits, read from the class path. */
    public static Dataset loadBundledMnist() throws IOException {
        LabeledImages train = LabeledImages.fromIdx(readResource(FILES[0], 3), readResource(FILES[1], 1));
        LabeledImages test = LabeledImages.fromIdx(readResource(FILES[2], 3), readResource(FILES[3], 1));
        return new Dataset(MNIST, "bundled (classpath " + BUNDLED_MNIST + ")", train, test);
    }

    /**
     * Loads the first of {@code candidates} that holds all four files.
     *
     * @throws DatasetNotFoundException naming every place looked at and how to get the data
     */
    public static Dataset loadFirstFound(String name, List<Path> candidates) throws IOException {
        List<String> looked = new ArrayList<>();
        for (Path dir : candidates) {
            List<String> missing = missingFiles(dir);
            if (missing.isEmpty()) {
                return loadDirectory(name, dir);
            }
            looked.add(dir + (Files.isDirectory(dir) ? " (missing " + String.join(", ", missing) + ")" : " (no such directory)"));
        }
        throw new DatasetNotFoundException("dataset '" + name + "' not found; looked in: " + String.join("; ", looked)
                + ". To get it, install Debian's package (apt-get install dataset-" + name + ", which puts it in "
                + (name.equals(FASHION_MNIST) ? FASHION_SYSTEM_DIR : "/usr/share/datasets/" + name)
                + ") or put the four IDX files " + expectedFiles() + " into ~/.sparsa/data/" + name);
    }

    /** Loads the four IDX files from {@code dir}; {@code name} labels the result. */
    public static Dataset loadDirectory(String name, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DatasetNotFoundException("dataset '" + name + "' is neither a known name (" + MNIST + ", "
                    + FASHION_MNIST + ") nor an existing directory: " + dir.toAbsolutePath()
                    + ". Give a directory holding the four IDX files " + expectedFiles());
        }
        List<String> missing = missingFiles(dir);
        if (!missing.isEmpty()) {
            throw new DatasetNotFoundException("directory " + dir.toAbsolutePath() + " for dataset '" + name
                    + "' lacks " + String.join(", ", missing) + " (each may be gzipped, ending in .gz); expected "
                    + expectedFiles());
        }
        LabeledImages train = LabeledImages.fromIdx(IdxReader.read(find(dir, FILES[0]), 3),
                IdxReader.read(find(dir, FILES[1]), 1));
        LabeledImages test = LabeledImages.fromIdx(IdxReader.read(find(dir, FILES[2]), 3),
                IdxReader.read(find(dir, FILES[3]), 1));
        return new Dataset(name, dir.toAbsolutePath().toString(), train, test);
    }

    private static String expectedFiles() {
        return String.join(", ", FILES) + " (optionally .gz)";
    }

    private static List<String> missingFiles(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String f : FILES) {
            if (find(dir, f) == null) {
                missing.add(f);
            }
        }
        return missing;
    }

    /** The gzipped or plain file of that base name in {@code dir}, or null. */
    private static Path find(Path dir, String base) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        for (String candidate : new String[]{base + ".gz", base}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static IdxArray readResource(String base, int rank) throws IOException {
        String path = BUNDLED_MNIST + base + ".gz";
        try (InputStream in = Datasets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new DatasetNotFoundException("the bundled MNIST digits are missing from the class path (resource "
                        + path + "); the engine-api jar is incomplete. Use --dataset with a directory of IDX files instead");
            }
            return IdxReader.read(in, "classpath:" + path, rank);
        }
    }
}
