package org.nlsig.math.activations;

import org.nlsig.math.SampleMatrix;

/**
 * A square grid of 2-D inputs, {@code size} equally spaced points per axis over [lower, upper] (NumPy's
 * {@code linspace} on each axis, then {@code meshgrid}): sample k is the point (x_{k mod size}, y_{k div size}), so
 * the samples run along x first and a function's values over the grid read as an image row by row, row i at
 * height y_i.
 *
 * @param size  points per axis
 * @param lower the least coordinate
 * @param upper the greatest coordinate
 */
public record InputGrid(int size, double lower, double upper) {

    public InputGrid {
        if (size < 2) {
            throw new IllegalArgumentException("a grid needs at least 2 points per axis, got " + size);
        }
        if (!(lower < upper) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException("the grid's range needs finite lower < upper, got [" + lower + ", "
                    + upper + "]");
        }
    }

    /** The coordinates along one axis. */
    public double[] axis() {
        return StudyInputs.linspace(lower, upper, size);
    }

    /** The size² points as rows (x, y) of a size² x 2 matrix. */
    public SampleMatrix points() {
        double[] a = axis();
        double[] v = new double[size * size * 2];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                int k = i * size + j;
                v[2 * k] = a[j];
                v[2 * k + 1] = a[i];
            }
        }
        return new SampleMatrix(size * size, 2, v);
    }
}
