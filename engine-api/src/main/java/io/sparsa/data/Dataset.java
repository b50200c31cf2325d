package io.sparsa.data;

/**
 * A train/test split of labelled images.
 *
 * @param name   what the user asked for ({@code mnist}, {@code fashion-mnist} or a directory)
 * @param source where the files were found, for reports
 * @param train  the training images
 * @param test   the held-out test images
 */
public record Dataset(String name, String source, LabeledImages train, LabeledImages test) {
    public Dataset {
        if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()) {
            throw new IllegalArgumentException("dataset " + name + ": train images are " + train.channels() + "x"
                    + train.height() + "x" + train.width() + " but test images are " + test.channels() + "x"
                    + test.height() + "x" + test.width());
        }
    }

    /** Number of classes over both splits. */
    public int classCount() {
        return Math.max(train.classCount(), test.classCount());
    }
}
