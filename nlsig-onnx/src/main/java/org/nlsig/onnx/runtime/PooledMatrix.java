package org.nlsig.onnx.runtime;

/** An n x d matrix in row-major order: one row per sample, one column per pooled feature. */
public record PooledMatrix(int rows, int cols, float[] values) {
    public PooledMatrix {
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException(rows + " x " + cols + " matrix given " + values.length + " values");
        }
    }

    public float get(int row, int col) {
        return values[row * cols + col];
    }

    public double[][] toDoubles() {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = values[i * cols + j];
            }
        }
        return m;
    }
}
