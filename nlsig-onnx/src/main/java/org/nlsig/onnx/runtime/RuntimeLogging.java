package org.nlsig.onnx.runtime;

import ai.onnxruntime.OrtLoggingLevel;

/**
 * How much of ONNX Runtime's own log reaches standard error. Its warnings repeat what nlsig reports itself (a failed
 * run's error line comes back as the exception nlsig words for the user) or concern the exporter (silero VAD: "Expected
 * shape from model of {} does not match actual shape"), so sessions are quiet unless the user asks with
 * {@code --verbose}.
 */
public enum RuntimeLogging {
    /** Only fatal errors (the default). */
    QUIET(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL),
    /** ONNX Runtime's warnings and errors, as it prints them by default. */
    VERBOSE(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING);

    private final OrtLoggingLevel level;

    RuntimeLogging(OrtLoggingLevel level) {
        this.level = level;
    }

    OrtLoggingLevel level() {
        return level;
    }

    public static RuntimeLogging of(boolean verbose) {
        return verbose ? VERBOSE : QUIET;
    }
}
