package org.nlsig.onnx.runtime;

import java.util.Optional;
import java.util.function.Consumer;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.pooling.TokenMask;

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
 * @param tokenMask            for token data: the attention mask that pools token tensors; empty otherwise
 */
public record CaptureOptions(PoolingMode pooling, Device device, int intraOpThreads, boolean sparsity,
                             Consumer<String> notices, RuntimeLogging logging, Optional<TokenMask> tokenMask) {
    public CaptureOptions {
        java.util.Objects.requireNonNull(logging, "logging");
        java.util.Objects.requireNonNull(tokenMask, "tokenMask");
        if (intraOpThreads < 0) {
            throw new UserInputException("thread count must be >= 0 (0: let ONNX Runtime choose), not "
                    + intraOpThreads);
        }
    }

    /** Channels pooling on the CPU, ONNX Runtime's thread count, no sparsity, notices to standard error. */
    public static CaptureOptions defaults() {
        return new CaptureOptions(PoolingMode.CHANNELS, Device.CPU, 0, false, System.err::println,
                RuntimeLogging.QUIET, Optional.empty());
    }

    public CaptureOptions withPooling(PoolingMode mode) {
        return new CaptureOptions(mode, device, intraOpThreads, sparsity, notices, logging, tokenMask);
    }

    public CaptureOptions withDevice(Device d) {
        return new CaptureOptions(pooling, d, intraOpThreads, sparsity, notices, logging, tokenMask);
    }

    public CaptureOptions withThreads(int threads) {
        return new CaptureOptions(pooling, device, threads, sparsity, notices, logging, tokenMask);
    }

    public CaptureOptions withSparsity(boolean on) {
        return new CaptureOptions(pooling, device, intraOpThreads, on, notices, logging, tokenMask);
    }

    public CaptureOptions withLogging(RuntimeLogging log) {
        return new CaptureOptions(pooling, device, intraOpThreads, sparsity, notices, log, tokenMask);
    }

    public CaptureOptions withNotices(Consumer<String> sink) {
        return new CaptureOptions(pooling, device, intraOpThreads, sparsity, sink, logging, tokenMask);
    }

    public CaptureOptions withTokenMask(Optional<TokenMask> mask) {
        return new CaptureOptions(pooling, device, intraOpThreads, sparsity, notices, logging, mask);
    }
}
