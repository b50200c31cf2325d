package io.sparsa.train;

import io.sparsa.backend.Backend;
import io.sparsa.data.Batch;
import io.sparsa.tensor.DType;
import io.sparsa.tensor.Shapes;
import io.sparsa.tensor.Tensor;

import java.util.Arrays;

/**
 * The device copy of a host {@link Batch}: images shaped as the network's input, int32 labels, and
 * a buffer for predicted classes. The tensors are reused while the batch size stays the same;
 * close this when done.
 */
public final class DeviceBatch implements AutoCloseable {
    private final Backend backend;
    private final int[] sampleShape;
    private final int sampleSize;
    private Tensor images;
    private Tensor labels;
    private Tensor predictions;

    /** @param sampleShape the network's per-sample input shape */
    public DeviceBatch(Backend backend, int[] sampleShape) {
        this.backend = backend;
        this.sampleShape = sampleShape.clone();
        this.sampleSize = Shapes.elementCount("sampleShape", sampleShape);
    }

    /** Copies {@code batch} to the device; returns the images tensor {@code [B, sampleShape...]}. */
    public Tensor upload(Batch batch) {
        int[] imageShape = batch.imageShape();
        if (Shapes.elementCount("imageShape", imageShape) != sampleSize) {
            throw new IllegalArgumentException("the dataset's images are " + Shapes.format(imageShape) + " ("
                    + Shapes.elementCount("imageShape", imageShape) + " values) but the network takes "
                    + Shapes.format(sampleShape) + " (" + sampleSize + " values)");
        }
        int b = batch.count();
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = b;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        if (images == null || !Arrays.equals(images.shape(), shape)) {
            close();
            images = backend.zeros(DType.FLOAT32, shape);
            labels = backend.zeros(DType.INT32, b);
            predictions = backend.zeros(DType.INT32, b);
        }
        images.copyFrom(batch.images());
        labels.copyFrom(batch.labels());
        return images;
    }

    /** The labels of the last upload, int32 {@code [B]}. */
    public Tensor labels() {
        return labels;
    }

    /**
     * The predicted class of each image of the last upload, computed on the device from
     * {@code logits} {@code [B, classes]} into a reused buffer.
     */
    public int[] predict(Tensor logits) {
        backend.argmaxRows(logits, predictions);
        return predictions.toIntArray();
    }

    @Override
    public void close() {
        if (images != null) {
            images.close();
            labels.close();
            predictions.close();
            images = null;
            labels = null;
            predictions = null;
        }
    }
}
