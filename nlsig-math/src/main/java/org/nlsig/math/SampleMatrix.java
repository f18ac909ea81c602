package org.nlsig.math;

import java.util.Objects;

/**
 * n samples of d features, row-major (row i is sample i), in double precision. Immutable by convention: the array is
 * not copied on the hot path, so callers must not modify it after handing it over.
 *
 * @param rows   n, the number of samples
 * @param cols   d, the number of features
 * @param values row-major values, length rows * cols
 */
public record SampleMatrix(int rows, int cols, double[] values) {
    public SampleMatrix {
        Objects.requireNonNull(values, "values");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape " + rows + " x " + cols);
        }
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix needs " + (long) rows * cols
                    + " values, got " + values.length);
        }
    }

    /** Copies rows of equal length. */
    public static SampleMatrix of(double[][] rowsOfValues) {
        int n = rowsOfValues.length;
        int d = n == 0 ? 0 : rowsOfValues[0].length;
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) {
            if (rowsOfValues[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rowsOfValues[i].length
                        + " values, row 0 has " + d);
            }
            System.arraycopy(rowsOfValues[i], 0, v, i * d, d);
        }
        return new SampleMatrix(n, d, v);
    }

    /** Widens single-precision row-major values (as activations come from a model) to double. */
    public static SampleMatrix ofFloats(float[] rowMajor, int rows, int cols) {
        double[] v = new double[rowMajor.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = rowMajor[i];
        }
        return new SampleMatrix(rows, cols, v);
    }

    public static SampleMatrix of(float[][] rowsOfValues) {
        int n = rowsOfValues.length;
        int d = n == 0 ? 0 : rowsOfValues[0].length;
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) {
            if (rowsOfValues[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rowsOfValues[i].length
                        + " values, row 0 has " + d);
            }
            for (int j = 0; j < d; j++) {
                v[i * d + j] = rowsOfValues[i][j];
            }
        }
        return new SampleMatrix(n, d, v);
    }

    public double get(int row, int col) {
        return values[row * cols + col];
    }

    /** A copy of one row. */
    public double[] row(int row) {
        double[] r = new double[cols];
        System.arraycopy(values, row * cols, r, 0, cols);
        return r;
    }

    /** The matrix as rows (a copy). */
    public double[][] toArray() {
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = row(i);
        }
        return out;
    }

    /**
     * Throws if any value is NaN or infinite, naming the matrix, the first offending row and column.
     *
     * @param role how the user knows this matrix ("X (activation input)")
     */
    public void requireFinite(String role) {
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                throw new NonFiniteValueException(role, k / cols, k % cols, values[k]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleMatrix m && m.rows == rows && m.cols == cols
                && java.util.Arrays.equals(m.values, values);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(values) * 31 + rows;
    }

    @Override
    public String toString() {
        return "SampleMatrix[" + rows + " x " + cols + "]";
    }
}
