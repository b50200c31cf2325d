package io.sparsa.train;

import io.sparsa.data.*;
import io.sparsa.nn.*;
import io.sparsa.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

class MnistProbeTest {
    @Test
    void probe() throws Exception {
        int hidden = Integer.getInteger("h", 256);
        int k = Integer.getInteger("k", 40);
        int epochs = Integer.getInteger("e", 3);
        int n = Integer.getInteger("n", 8000);
        int bs = Integer.getInteger("bs", 32);
        int first = Integer.getInteger("first", 32);
        float lr = Float.parseFloat(System.getProperty("lr", "0.05"));
        double sp = Double.parseDouble(System.getProperty("sp", "0.7"));
        Dataset d = Datasets.load("mnist");
        try (ReferenceBackend b = new ReferenceBackend();
             Sequential net = Sequential.builder(b, 1, 1, 28, 28).flatten().sparseLinear(hidden, sp)
                     .kWinners(k, 1.5, new Boosting(1.5, 0.85, 1000)).linear(10).build()) {
            DataLoader train = new DataLoader(d.train().slice(0, n), Normalization.MNIST, null, 1);
            DataLoader test = new DataLoader(d.test(), Normalization.MNIST, null, 1);
            long t0 = System.nanoTime();
            new Trainer(net, TrainingConfig.of(epochs, bs, lr).withFirstEpochBatchSize(first).withMomentum(0.5f).withLrGamma(0.8f))
                    .onEpoch(r -> System.out.println(r + " test " + Evaluator.evaluate(net, test, 500).accuracy()))
                    .fit(train);
            System.out.println("total " + (System.nanoTime() - t0) / 1e9);
        }
    }
}
