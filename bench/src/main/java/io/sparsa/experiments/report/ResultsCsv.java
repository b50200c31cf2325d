package io.sparsa.experiments.report;

import io.sparsa.experiments.noise.NoiseResult;
import io.sparsa.experiments.run.ModelResult;

import java.util.List;
import java.util.Locale;

/**
 * {@code results.csv}: one row per model, seed, noise test and level, repeating the model's
 * numbers on each row so that any spreadsheet can filter and pivot it. A baseline's rows say
 * {@code baseline} in the family column and 0 epochs.
 */
public final class ResultsCsv {
    static final String HEADER = "model,family,seed,dataset,backend,epochs,trainImages,testImages,testAccuracy,"
            + "trainSeconds,trainImagesPerSecond,noise,level,correct,total,accuracy,noiseScore,noiseMax,noiseFraction";

    private ResultsCsv() {
    }

    public static String render(List<ModelResult> results) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (ModelResult r : results) {
            for (NoiseResult n : r.noise()) {
                for (int i = 0; i < n.levels().size(); i++) {
                    sb.append(String.join(",", field(r.name()),
                            field(ResultsJson.family(r.model())),
                            Long.toString(r.seed()), field(r.dataset()), field(r.backend()),
                            Integer.toString(r.epochs()), Integer.toString(r.trainImages()),
                            Integer.toString(r.testImages()), number(r.testAccuracy()), number(r.trainSeconds()),
                            number(r.trainImagesPerSecond()), n.kind().id(), number(n.levels().get(i)),
                            Integer.toString(n.correct()[i]), Integer.toString(n.total()), number(n.accuracy(i)),
                            Long.toString(n.score()), Long.toString(n.max()), number(n.fraction()))).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    /** RFC 4180 quoting when the value holds a comma, quote or line break. */
    static String field(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
