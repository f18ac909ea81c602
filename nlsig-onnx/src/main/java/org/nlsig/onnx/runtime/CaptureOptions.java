package org.nlsig.onnx.runtime;

import java.util.function.Consumer;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.pooling.PoolingMode;

/**
 * How a capture session runs. Feature axes are not here: a site carries its own, resolved once before capture
 * ({@link org.nlsig.onnx.sites.FeatureAxes#resolve}).
 *
 * @param pooling              channels (the paper) or reference (the official code)
 * @param device               cpu or cuda:N (falls back to cpu with a notice when CUDA is not available)
 * @param intraOpThreads       ONNX Runtime's threads per run; 0 lets it choose
 * @param sparsity             also count near-zero entries of the full tensors, per sample
 * @param notices              where messages for the user go (the CUDA fallback, filled inputs); System.err by
 *                             default
 * @param logging              how much of ONNX Runtime's own log is printed (quiet by default)
 */
public record CaptureOptions(PoolingMode pooling, Device device, int intraOpThreads, boolean sparsity,
                             Consumer<String> notices, RuntimeLogging logging) {
    public CaptureOptions {
        if (intraOpThreads < 0) {
            throw new UserInputException("thread count must be >= 0 (0: let ONNX Runtime choose), not "
                    + intraOpThreads);
        }
    }

    /** Channels pooling on the CPU, ONNX Runtime's thread count, no sparsity, notices to standard error. */
    public static CaptureOptions defaults() {
        return new CaptureOptions(PoolingMode.CHANNELS, Device.CPU, 0, false, System.err::println,
                RuntimeLogging.QUIET);
    }

    public CaptureOptions withPooling(PoolingMode mode) {
        return new CaptureOptions(mode, device, intraOpThreads, sparsity, notices, logging);
    }

    public CaptureOptions withDevice(Device d) {
        return new CaptureOptions(pooling, d, intraOpThreads, sparsity, notices, logging);
    }

    public CaptureOptions withThreads(int threads) {
        return new CaptureOptions(pooling, device, threads, sparsity, notices, logging);
    }

    public CaptureOptions withSparsity(boolean on) {
        return new CaptureOptions(pooling, device, intraOpThreads, on, notices, logging);
    }

    public CaptureOptions withLogging(RuntimeLogging log) {
        return new CaptureOptions(pooling, device, intraOpThreads, sparsity, notices, log);
    }

    public CaptureOptions withNotices(Consumer<String> sink) {
        return new CaptureOptions(pooling, device, intraOpThreads, sparsity, sink, logging);
    }
}
