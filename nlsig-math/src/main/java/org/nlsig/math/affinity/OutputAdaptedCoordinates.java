package org.nlsig.math.affinity;

import java.util.List;
import java.util.Optional;
import org.nlsig.math.covariance.CovarianceModel;
import org.nlsig.math.linalg.NumericalFallback;

/**
 * The centred samples written in an orthonormal coordinate system of R^d restricted to a subspace holding all of
 * them, with a factor of Sigma_Y there. Both evaluation paths reduce to this; they differ only in how they find it
 * (the d x d Cholesky factor of Sigma_Y in the original coordinates, or n x n Gram matrices and coordinates in which
 * Sigma_Y is diagonal). Distances between samples are those of R^d.
 *
 * @param width          r, the number of coordinates (d on the direct path, at most 2n on the data-span path)
 * @param x              centred inputs, n x r row-major
 * @param y              centred outputs, n x r row-major
 * @param outputWidth    y is zero past its first outputWidth columns (the outputs' span comes first)
 * @param sigmaYFactor   a factor L of Sigma_Y in these coordinates, Sigma_Y = L L^T
 * @param sigmaX         the input covariance model; in these coordinates Sigma_X = a I + c x^T x
 * @param sigmaY         the output covariance model
 * @param scatterTraceX  tr(Xc^T Xc)
 * @param scatterTraceY  tr(Yc^T Yc)
 * @param inputScatter   x^T x (r x r row-major, both triangles) when the path has it at hand: in the original
 *                       coordinates the direct path computed it for Ledoit-Wolf's intensity
 * @param fallbacks      numerical routines that failed while finding these coordinates, and what replaced them
 */
record OutputAdaptedCoordinates(int n, int width, double[] x, double[] y, int outputWidth, SigmaYFactor sigmaYFactor,
        CovarianceModel sigmaX, CovarianceModel sigmaY, double scatterTraceX, double scatterTraceY,
        Optional<double[]> inputScatter, List<NumericalFallback> fallbacks) {

    OutputAdaptedCoordinates {
        fallbacks = List.copyOf(fallbacks);
    }

    double traceSigmaX() {
        return sigmaX.trace(scatterTraceX);
    }

    double traceSigmaY() {
        return sigmaY.trace(scatterTraceY);
    }
}
