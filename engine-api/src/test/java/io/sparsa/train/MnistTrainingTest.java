package io.sparsa.train;

import io.sparsa.data.DataLoader;
import io.sparsa.data.Dataset;
import io.sparsa.data.Datasets;
import io.sparsa.data.Normalization;
import io.sparsa.nn.Boosting;
import io.sparsa.nn.Sequential;
import io.sparsa.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sparse MLP learns real digits: 784-256-10 with a SparseLinear hidden layer (half its weights
 * zero) and k-winners (40 of 256 active, boosted), trained for two epochs on the 8,000 bundled
 * training digits on the reference backend, must classify more than 92% of the 2,000 held-out test
 * digits (it reaches about 94%; a dense 784-256-10 ReLU MLP reaches about 94.5% in three epochs).
 */
class MnistTrainingTest {
    private static final long SEED = 2019L;
    /** The held-out accuracy this test demands. */
    private static final double THRESHOLD = 0.92;

    @Test
    void aSparseMlpLearnsTheBundledDigits() throws IOException {
        Dataset mnist = Datasets.load("mnist");
        System.out.println("MnistTrainingTest seed " + SEED);
        try (ReferenceBackend backend = new ReferenceBackend();
             Sequential net = Sequential.builder(backend, SEED, 1, 28, 28).flatten().sparseLinear(256, 0.5)
                     .kWinners(40, 1.5, new Boosting(1.5, 0.85, 1000)).linear(10).build()) {
            DataLoader train = new DataLoader(mnist.train(), Normalization.MNIST, null, SEED);
            DataLoader test = new DataLoader(mnist.test(), Normalization.MNIST, null, SEED);
            TrainingConfig config = TrainingConfig.of(2, 32, 0.02f).withMomentum(0.9f).withLrGamma(0.8f);
            List<EpochResult> history = new Trainer(net, config).onEpoch(System.out::println).fit(train);
            assertEquals(2, history.size());
            assertTrue(history.get(1).meanLoss() < history.get(0).meanLoss(), "the loss falls: " + history);
            Evaluation result = Evaluator.evaluate(net, test, 500);
            System.out.printf("held-out accuracy %.4f (%d of %d), threshold %.2f%n", result.accuracy(), result.correct(),
                    result.total(), THRESHOLD);
            assertEquals(2000, result.total());
            assertTrue(result.accuracy() > THRESHOLD, "held-out accuracy " + result.accuracy() + " <= " + THRESHOLD);
        }
    }
}
