package io.sparsa.experiments.report;

import java.util.List;

/**
 * Where and how a run happened, for the reports.
 *
 * @param mode          the mode ({@code quick}, {@code default}, {@code full}, or {@code train})
 * @param command       the command line
 * @param dataset       the dataset's name
 * @param datasetSource where its files were found
 * @param trainImages   training images used
 * @param testImages    test images used
 * @param backend       the backend's name
 * @param device        the backend's device
 * @param jdk           Java version and vendor
 * @param machine       operating system, architecture and cores
 * @param started       start time, ISO-8601
 * @param wallSeconds   wall time of the whole run so far
 * @param interrupted   whether the run was stopped before the end
 * @param reductions    how the run differs from the paper's protocol
 */
public record RunInfo(String mode, String command, String dataset, String datasetSource, int trainImages,
                      int testImages, String backend, String device, String jdk, String machine, String started,
                      double wallSeconds, boolean interrupted, List<String> reductions) {
    public RunInfo {
        reductions = List.copyOf(reductions);
    }

    /** The same run with the current wall time and interruption state. */
    public RunInfo at(double seconds, boolean stopped) {
        return new RunInfo(mode, command, dataset, datasetSource, trainImages, testImages, backend, device, jdk, machine,
                started, seconds, stopped, reductions);
    }

    /** {@code 17.0.15 (Debian)}. */
    public static String currentJdk() {
        return System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
    }

    /** {@code Linux 6.1 amd64, 2 cores}. */
    public static String currentMachine() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
                + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }
}
