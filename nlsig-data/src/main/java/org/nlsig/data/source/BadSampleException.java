package org.nlsig.data.source;

import java.io.IOException;

/**
 * One sample could not be read (a corrupt or unreadable image file): the stream skips it or stops, as the user
 * chose with {@code --on-bad-file}. The message names the file and the reason.
 */
public class BadSampleException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String sampleId;
    private final String reason;

    public BadSampleException(String sampleId, String reason, Throwable cause) {
        super(sampleId + ": " + reason, cause);
        this.sampleId = sampleId;
        this.reason = reason;
    }

    public String sampleId() {
        return sampleId;
    }

    public String reason() {
        return reason;
    }
}
