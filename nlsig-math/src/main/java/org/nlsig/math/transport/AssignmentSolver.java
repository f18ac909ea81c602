package org.nlsig.math.transport;

/** Solves the linear assignment problem exactly: the permutation of least total cost. */
public interface AssignmentSolver {
    /**
     * @param cost row-major n x n costs (finite); not modified
     * @param n    the number of rows and columns
     */
    Assignment solve(double[] cost, int n);

    /** The default exact solver. */
    static AssignmentSolver exact() {
        return new JonkerVolgenantSolver();
    }
}
