package org.nlsig.math.transport;

/**
 * An optimal one-to-one assignment of n rows to n columns, with the dual potentials that certify it.
 *
 * @param rowToColumn       rowToColumn[i] is the column assigned to row i (a permutation)
 * @param totalCost         sum_i cost(i, rowToColumn[i])
 * @param columnPotentials  v_j; with u_i = cost(i, rowToColumn[i]) - v_{rowToColumn[i]}, every reduced cost
 *                          cost(i, j) - u_i - v_j is &gt;= 0 (up to rounding): the certificate of optimality
 */
public record Assignment(int[] rowToColumn, double totalCost, double[] columnPotentials) {

    public int size() {
        return rowToColumn.length;
    }

    /** Rows mapped to their own index (i -&gt; i): the optimal-transport score counts these. */
    public int fixedPoints() {
        int k = 0;
        for (int i = 0; i < rowToColumn.length; i++) {
            if (rowToColumn[i] == i) {
                k++;
            }
        }
        return k;
    }
}
