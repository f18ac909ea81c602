package org.nlsig.data.batch;

/** A sample left out under {@link BadFilePolicy#SKIP}: which file, and why it could not be read. */
public record SkippedSample(String sampleId, String reason) {
}
