package org.nlsig.math;

/** A NaN or infinite value in an input matrix; says which matrix, row and column. */
public final class NonFiniteValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String matrix;
    private final int row;
    private final int column;

    public NonFiniteValueException(String matrix, int row, int column, double value) {
        super(matrix + " has a non-finite value (" + value + ") at row " + row + ", column " + column
                + " (0-based; rows are samples)");
        this.matrix = matrix;
        this.row = row;
        this.column = column;
    }

    public String matrix() {
        return matrix;
    }

    public int row() {
        return row;
    }

    public int column() {
        return column;
    }
}
