/**
 * nlsig's numerics: affinity scores of activations and everything they are built from. It depends on
 * no other nlsig module (a rule the module-graph test in nlsig-cli checks); its only dependency is
 * OpenBLAS/LAPACK through JavaCPP.
 *
 * <p>API packages (exported):
 * <ul>
 *   <li>{@code org.nlsig.math}: {@link org.nlsig.math.SampleMatrix}, the samples-by-features input
 *       of every score, and {@link org.nlsig.math.NonFiniteValueException};</li>
 *   <li>{@code org.nlsig.math.affinity}: {@link org.nlsig.math.affinity.AffinityScorer} and its
 *       result;</li>
 *   <li>{@code org.nlsig.math.activations}: studies of activation functions on their own;</li>
 *   <li>{@code org.nlsig.math.analysis}: statistics over signatures (summaries, correlations,
 *       clustering, dynamic time warping) for reports;</li>
 *   <li>{@code org.nlsig.math.covariance}: the covariance estimators a score is computed with;</li>
 *   <li>{@code org.nlsig.math.geodesic}: scores of an activation track as a path of distributions;</li>
 *   <li>{@code org.nlsig.math.metrics}: the comparison metrics reported next to the affinity score
 *       (linear CKA, R², norm difference, row entropy);</li>
 *   <li>{@code org.nlsig.math.transport}: the assignment solvers behind the optimal transport scores;
 *       {@link org.nlsig.math.transport.AssignmentSolver} is a component of
 *       {@link org.nlsig.math.affinity.AffinityScorer};</li>
 *   <li>{@code org.nlsig.math.linalg}: exported for {@link org.nlsig.math.linalg.Blas#setNativeThreads}
 *       and {@link org.nlsig.math.linalg.NumericalFallback}, which results carry. Its decompositions
 *       ({@code CholeskyFactor}, {@code PivotedCholesky}, {@code SymmetricEigen},
 *       {@code TridiagonalReduction}, {@code InverseSquareRoot}) are public only because the packages
 *       above use them: they are not API, and may change without notice.</li>
 * </ul>
 *
 * <p>Every package is exported because each holds types of the API (other nlsig modules use all of
 * them); what is internal is kept package-private instead.
 */
module org.nlsig.math {
    requires org.bytedeco.openblas;

    exports org.nlsig.math;
    exports org.nlsig.math.activations;
    exports org.nlsig.math.affinity;
    exports org.nlsig.math.analysis;
    exports org.nlsig.math.covariance;
    exports org.nlsig.math.geodesic;
    exports org.nlsig.math.linalg;
    exports org.nlsig.math.metrics;
    exports org.nlsig.math.transport;
}
