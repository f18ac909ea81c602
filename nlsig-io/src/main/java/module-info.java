/**
 * nlsig's file plumbing: atomic file writes, SHA-256 digests, half-precision floats, the
 * {@link org.nlsig.io.UserInputException} every module reports user mistakes with, and NumPy
 * {@code .npy} reading and writing.
 *
 * <p>API packages (exported): {@code org.nlsig.io} and {@code org.nlsig.io.npy}. This module
 * depends on no other nlsig module and on nothing outside the JDK.
 */
module org.nlsig.io {
    exports org.nlsig.io;
    exports org.nlsig.io.npy;
}
