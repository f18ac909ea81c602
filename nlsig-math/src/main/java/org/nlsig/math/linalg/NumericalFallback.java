package org.nlsig.math.linalg;

/**
 * A numerical routine that reported failure on its input, and the slower exact routine that was used instead. Kept
 * with every result that took one, so a user can see that it happened (it never changes what is computed, only how).
 *
 * @param routine     the routine that failed, e.g. {@code dstebz} or {@code dpotrf}
 * @param info        the code it returned (LAPACK's INFO)
 * @param replacement what was used instead, e.g. {@code Gershgorin bounds} or {@code Jacobi eigensolver}
 */
public record NumericalFallback(String routine, int info, String replacement) {

    @Override
    public String toString() {
        return routine + " failed (info " + info + "), used " + replacement;
    }
}
