package io.sparsa.experiments.report;

import io.sparsa.experiments.model.Network;
import io.sparsa.experiments.noise.NoiseKind;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PNG charts of test accuracy against noise level, one line per model (the mean over seeds, with
 * the standard deviation as error bars when there are several): one chart per experiment and
 * noise test. Baselines appear in every experiment's chart as dashed lines.
 */
public final class NoiseCharts {
    static final int WIDTH = 900;
    static final int HEIGHT = 560;

    private NoiseCharts() {
    }

    /** One chart to draw: its file name, title and the family and noise it shows. */
    public record Chart(String file, String title, Network.Family family, NoiseKind kind) {
    }

    /** The charts a report can have. */
    public static final List<Chart> CHARTS = List.of(
            new Chart("paper-networks-pixel-noise.png", "Paper networks: accuracy under the paper's pixel noise",
                    Network.Family.PAPER_CNN, NoiseKind.PAPER),
            new Chart("regularisers-gaussian-noise.png", "Regulariser comparison: accuracy under Gaussian noise",
                    Network.Family.REGULARISER_MLP, NoiseKind.GAUSSIAN),
            new Chart("regularisers-pixel-noise.png", "Regulariser comparison: accuracy under the paper's pixel noise",
                    Network.Family.REGULARISER_MLP, NoiseKind.PAPER));

    /** Writes every chart that has data; returns the ones written. */
    public static List<Chart> write(Path dir, List<ModelSummary> summaries) throws IOException {
        // charts are drawn off-screen; without a display AWT must not look for one
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // encode in memory: ImageIO's file cache registers a shutdown hook, which fails while the
        // JVM is exiting, that is, exactly when a run stopped by Ctrl-C writes its partial charts
        ImageIO.setUseCache(false);
        List<Chart> written = new ArrayList<>();
        for (Chart c : CHARTS) {
            Optional<XYChart> chart = build(c, summaries);
            if (chart.isPresent()) {
                save(chart.get(), dir.resolve(c.file()));
                written.add(c);
            }
        }
        return written;
    }

    static Optional<XYChart> build(Chart c, List<ModelSummary> summaries) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(c.title())
                .xAxisTitle(c.kind().levelName()).yAxisTitle("test accuracy").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendPosition(
                org.knowm.xchart.style.Styler.LegendPosition.OutsideE).setMarkerSize(6);
        chart.getStyler().setDecimalPattern("0.00");
        boolean any = false;
        for (ModelSummary s : ResultTables.rowsOf(summaries, c.family())) {
            Optional<ModelSummary.NoiseSummary> n = s.noise(c.kind());
            if (n.isEmpty()) {
                continue;
            }
            double[] x = n.get().levels().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = n.get().byLevel().stream().mapToDouble(Stat::mean).toArray();
            XYSeries series;
            if (s.seeds() > 1) {
                double[] err = n.get().byLevel().stream().mapToDouble(Stat::std).toArray();
                series = chart.addSeries(s.label(), x, y, err);
            } else {
                series = chart.addSeries(s.label(), x, y);
            }
            series.setMarker(SeriesMarkers.CIRCLE);
            if (s.baseline()) {
                series.setLineStyle(SeriesLines.DASH_DASH);
            }
            any = true;
        }
        return any ? Optional.of(chart) : Optional.empty();
    }

    private static void save(XYChart chart, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp)) {
            BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
