package io.sparsa.data;

/**
 * One batch on the host, ready to copy to a device: normalised pixels and labels.
 *
 * @param images     {@code count * C * H * W} values, image after image
 * @param labels     {@code count} class indices
 * @param imageShape {@code [C, H, W]}
 */
public record Batch(float[] images, int[] labels, int[] imageShape) {
    public Batch {
        imageShape = imageShape.clone();
    }

    @Override
    public int[] imageShape() {
        return imageShape.clone();
    }

    /** Number of images. */
    public int count() {
        return labels.length;
    }

    /** The batch's shape {@code [count, C, H, W]}. */
    public int[] shape() {
        int[] s = new int[imageShape.length + 1];
        s[0] = labels.length;
        System.arraycopy(imageShape, 0, s, 1, imageShape.length);
        return s;
    }
}
