package io.sparsa.cli;

import io.sparsa.data.Dataset;
import io.sparsa.data.Datasets;
import picocli.CommandLine.Option;

import java.io.IOException;

/** The {@code --dataset} option: a dataset name or a directory of IDX files. */
final class DatasetOption {
    @Option(names = "--dataset", paramLabel = "D", defaultValue = Datasets.MNIST,
            description = "mnist (the bundled 10,000 MNIST digits: 8,000 train, 2,000 test), fashion-mnist (from "
                    + Datasets.FASHION_SYSTEM_DIR + " or ~/.sparsa/data/fashion-mnist), or a directory holding "
                    + "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
                    + "t10k-labels-idx1-ubyte (each may be .gz). Default: ${DEFAULT-VALUE}.")
    String dataset;

    Dataset load() throws IOException {
        return Datasets.load(dataset);
    }
}
