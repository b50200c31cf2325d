package io.sparsa.experiments;

import io.sparsa.backend.Backend;
import io.sparsa.backend.Backends;
import io.sparsa.experiments.model.Network;
import io.sparsa.experiments.model.Networks;
import io.sparsa.experiments.model.PaperCnn;
import io.sparsa.experiments.model.RegulariserMlp;
import io.sparsa.experiments.model.TrainingSettings;
import io.sparsa.nn.LayerSpec;
import io.sparsa.nn.Sequential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The named networks are built exactly as the paper's table (and the README's MLP) says. */
class PaperNetworksTest {
    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = Backends.create("reference");
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    /** The layers of {@code n} built for MNIST, one compact line each. */
    private static List<String> layers(Network n) {
        try (Sequential s = n.build(backend, 7, new int[]{1, 28, 28}, 10)) {
            assertEquals(List.of(10), List.of(s.outputShape()[0]));
            List<String> out = new ArrayList<>();
            for (LayerSpec spec : s.specs()) {
                out.add(compact(spec));
            }
            return out;
        }
    }

    private static String compact(LayerSpec s) {
        return switch (s.type()) {
            case "Conv2d" -> String.format("Conv2d %d->%d k%d s%d p%d", s.intParam("in"), s.intParam("out"),
                    s.intParam("kernel"), s.intParam("stride"), s.intParam("padding"));
            case "MaxPool2d" -> "MaxPool2d " + s.intParam("kernel");
            case "KWinners2d" -> String.format(Locale.ROOT, "KWinners2d c%d k%d/%d local=%b boost %.2f %.2f %d",
                    s.intParam("channels"), s.intParam("k"), s.intParam("kInference"), s.boolParam("local"),
                    s.doubleParam("boostStrength"), s.doubleParam("boostStrengthFactor"), s.intParam("dutyCyclePeriod"));
            case "KWinners" -> String.format(Locale.ROOT, "KWinners n%d k%d/%d boost %.2f %.2f %d", s.intParam("n"),
                    s.intParam("k"), s.intParam("kInference"), s.doubleParam("boostStrength"),
                    s.doubleParam("boostStrengthFactor"), s.intParam("dutyCyclePeriod"));
            case "Linear" -> "Linear " + s.intParam("in") + "->" + s.intParam("out");
            case "SparseLinear" -> String.format(Locale.ROOT, "SparseLinear %d->%d sparsity %.2f", s.intParam("in"),
                    s.intParam("out"), s.doubleParam("sparsity"));
            case "Dropout" -> "Dropout " + s.doubleParam("p");
            case "LifetimeSparsity" -> "LifetimeSparsity n" + s.intParam("n") + " rate " + s.doubleParam("rate");
            default -> s.type();
        };
    }

    private static final String KW_BOOST = "boost 1.50 0.85 1000";

    @Test
    void denseCnn1() {
        assertEquals(List.of("Conv2d 1->30 k5 s1 p0", "MaxPool2d 2", "ReLU", "Flatten", "Linear 4320->1000", "ReLU",
                "Linear 1000->10"), layers(PaperCnn.DENSE_CNN_1));
    }

    @Test
    void denseCnn2() {
        assertEquals(List.of("Conv2d 1->30 k5 s1 p0", "MaxPool2d 2", "ReLU", "Conv2d 30->30 k5 s1 p0", "MaxPool2d 2",
                "ReLU", "Flatten", "Linear 480->1000", "ReLU", "Linear 1000->10"), layers(PaperCnn.DENSE_CNN_2));
    }

    @Test
    void sparseCnn1() {
        assertEquals(List.of("Conv2d 1->30 k5 s1 p0", "MaxPool2d 2", "KWinners2d c30 k400/600 local=false " + KW_BOOST,
                "Flatten", "SparseLinear 4320->150 sparsity 0.70", "KWinners n150 k50/75 " + KW_BOOST, "Linear 150->10"),
                layers(PaperCnn.SPARSE_CNN_1));
    }

    @Test
    void sparseCnn2() {
        assertEquals(List.of("Conv2d 1->32 k5 s1 p0", "MaxPool2d 2", "KWinners2d c32 k400/600 local=false " + KW_BOOST,
                "Conv2d 32->64 k5 s1 p0", "MaxPool2d 2", "KWinners2d c64 k300/450 local=false " + KW_BOOST, "Flatten",
                "SparseLinear 1024->700 sparsity 0.70", "KWinners n700 k100/150 " + KW_BOOST, "Linear 700->10"),
                layers(PaperCnn.SPARSE_CNN_2));
    }

    @Test
    void theVariants() {
        assertEquals(List.of("Conv2d 1->30 k5 s1 p0", "MaxPool2d 2", "ReLU", "Conv2d 30->30 k5 s1 p0", "MaxPool2d 2",
                "ReLU", "Flatten", "SparseLinear 480->700 sparsity 0.70", "KWinners n700 k100/150 " + KW_BOOST,
                "Linear 700->10"), layers(PaperCnn.DENSE_CNN_2_SP3));
        List<String> d3 = layers(PaperCnn.SPARSE_CNN_2_D3);
        assertEquals(List.of("Flatten", "Linear 1024->1000", "ReLU", "Linear 1000->10"), d3.subList(6, 10));
        List<String> w1 = layers(PaperCnn.SPARSE_CNN_2_W1);
        assertEquals(List.of("Flatten", "Linear 1024->700", "KWinners n700 k100/150 " + KW_BOOST, "Linear 700->10"),
                w1.subList(6, 10));
        List<String> dsw = layers(PaperCnn.SPARSE_CNN_2_DSW);
        assertEquals(List.of("Flatten", "SparseLinear 1024->1000 sparsity 0.70", "ReLU", "Linear 1000->10"),
                dsw.subList(6, 10));
        for (PaperCnn c : List.of(PaperCnn.SPARSE_CNN_2_D3, PaperCnn.SPARSE_CNN_2_W1, PaperCnn.SPARSE_CNN_2_DSW)) {
            assertEquals(layers(PaperCnn.SPARSE_CNN_2).subList(0, 6), layers(c).subList(0, 6), c.name());
        }
    }

    @Test
    void trainingSettingsFollowTheTable() {
        TrainingSettings shared = new TrainingSettings(15, 64, 64, 0.01f, 0f, 0.8f);
        assertEquals(shared.withMomentum(0.9f), PaperCnn.DENSE_CNN_1.settings());
        assertEquals(shared.withMomentum(0.9f), PaperCnn.DENSE_CNN_2.settings());
        assertEquals(shared.withFirstEpochBatchSize(4), PaperCnn.SPARSE_CNN_1.settings());
        assertEquals(new TrainingSettings(10, 64, 4, 0.02f, 0f, 0.8f), PaperCnn.SPARSE_CNN_2.settings());
        assertEquals(shared.withMomentum(0.5f), PaperCnn.DENSE_CNN_2_SP3.settings());
        assertEquals(shared.withMomentum(0.9f), PaperCnn.SPARSE_CNN_2_D3.settings());
        assertEquals(shared, PaperCnn.SPARSE_CNN_2_W1.settings());
        assertEquals(shared, PaperCnn.SPARSE_CNN_2_DSW.settings());
        assertEquals(8, PaperCnn.ALL.size());
        assertEquals(103_764, PaperCnn.SPARSE_CNN_2.reference().noiseScore());
        assertEquals(103_764.0 / 110_000, PaperCnn.SPARSE_CNN_2.reference().noiseFraction(), 1e-12);
    }

    @Test
    void regulariserMlps() {
        String hidden = "Linear 784->256";
        assertEquals(List.of("Flatten", hidden, "ReLU", "Linear 256->256", "ReLU", "Linear 256->10"),
                layers(RegulariserMlp.RELU));
        assertEquals(List.of("Flatten", hidden, "ReLU", "Dropout 0.5", "Linear 256->256", "ReLU", "Dropout 0.5",
                "Linear 256->10"), layers(RegulariserMlp.DROPOUT_MLP));
        assertEquals(List.of("Flatten", hidden, "BatchNorm1d", "ReLU", "Linear 256->256", "BatchNorm1d", "ReLU",
                "Linear 256->10"), layers(RegulariserMlp.BATCH_NORM));
        assertEquals("KWinners n256 k32/48 boost 0.00 1.00 1000", layers(RegulariserMlp.KWINNERS).get(2));
        assertEquals("KWinners n256 k32/48 " + KW_BOOST, layers(RegulariserMlp.KWINNERS_BOOST).get(2));
        List<String> wta = layers(RegulariserMlp.WTA_LIFETIME);
        assertEquals(List.of("KWinners n256 k32/48 boost 0.00 1.00 1000", "LifetimeSparsity n256 rate 0.125"),
                wta.subList(2, 4));
        for (RegulariserMlp m : RegulariserMlp.ALL) {
            assertEquals(RegulariserMlp.SETTINGS, m.settings(), "every MLP variant trains the same way");
        }
    }

    @Test
    void namesAreUniqueAndLookedUpCaseInsensitively() {
        assertEquals(14, Networks.names().stream().distinct().count());
        assertEquals(PaperCnn.SPARSE_CNN_2, Networks.byName(" Sparse-CNN-2 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Networks.byName("lenet"));
        assertTrue(e.getMessage().contains("unknown model 'lenet'") && e.getMessage().contains("mlp-batchnorm"),
                e.getMessage());
    }
}
