package io.sparsa.htm;

import io.sparsa.backend.Backend;
import io.sparsa.data.LabeledImages;

/**
 * Images to labels through a spatial pooler and a k-NN classifier: binarise
 * ({@link ImageBinarizer}), encode as active columns ({@link SpatialPooler#encode}), and vote
 * among the nearest stored codes ({@link KnnClassifier}). The whole HTM baseline in one object,
 * for the CLI and for experiments that compare it with the networks (e.g. on noisy test images).
 */
public final class SpatialPoolerClassifier implements AutoCloseable {
    private final SpatialPooler pooler;
    private final KnnClassifier classifier;
    private final float binarizeThreshold;
    private int encodeBatch = SpatialPooler.DEFAULT_ENCODE_BATCH;

    /**
     * @param binarizeThreshold a pixel (grey level / 255) is on when above this
     */
    public SpatialPoolerClassifier(Backend backend, SpatialPoolerConfig config, int k, KnnClassifier.Distance distance,
                                   float binarizeThreshold) {
        if (!(binarizeThreshold >= 0f && binarizeThreshold < 1f)) {
            throw new IllegalArgumentException("binarisation threshold must lie in [0, 1), got " + binarizeThreshold);
        }
        this.binarizeThreshold = binarizeThreshold;
        this.pooler = new SpatialPooler(backend, config);
        try {
            this.classifier = new KnnClassifier(backend, k, distance);
        } catch (RuntimeException e) {
            pooler.close();
            throw e;
        }
    }

    public SpatialPooler pooler() {
        return pooler;
    }

    public KnnClassifier classifier() {
        return classifier;
    }

    /** Inputs per encoding step (default {@value SpatialPooler#DEFAULT_ENCODE_BATCH}). */
    public void encodeBatch(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("encode batch must be >= 1, got " + batch);
        }
        this.encodeBatch = batch;
    }

    /** The images' input bits. */
    public BinaryCodes binarize(LabeledImages images) {
        checkShape(images);
        return ImageBinarizer.binarize(images, binarizeThreshold);
    }

    /** One learning pass of the pooler over the images, {@code batchSize} per step. */
    public ActivityStats learn(LabeledImages images, int batchSize) {
        return pooler.learn(binarize(images), batchSize);
    }

    /** The active columns of every image (no learning). */
    public BinaryCodes encode(LabeledImages images) {
        return pooler.encode(binarize(images), encodeBatch);
    }

    /** Encodes the images and stores their codes and labels in the classifier; returns the codes. */
    public BinaryCodes fit(LabeledImages train) {
        BinaryCodes codes = encode(train);
        classifier.fit(codes, train.labels());
        return codes;
    }

    /** Fraction of the images whose predicted label is right (after {@link #fit}). */
    public double accuracy(LabeledImages test) {
        return classifier.accuracy(encode(test), test.labels());
    }

    private void checkShape(LabeledImages images) {
        if (images.imageSize() != pooler.numInputs()) {
            throw new IllegalArgumentException("images of " + images.channels() + "x" + images.height() + "x"
                    + images.width() + " pixels do not fit the pooler's " + pooler.numInputs() + " inputs");
        }
    }

    @Override
    public void close() {
        classifier.close();
        pooler.close();
    }
}
