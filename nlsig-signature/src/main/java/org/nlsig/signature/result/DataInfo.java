package org.nlsig.signature.result;

import java.util.List;

/**
 * The data a signature was computed on.
 *
 * @param spec         the data spec as given ({@code imagefolder:/data/val})
 * @param description  what the source says it is (kind, location, preprocessing)
 * @param samplesUsed  samples that went through the model (complete batches)
 * @param batches      number of batches
 * @param skippedFiles unreadable files skipped under {@code --on-bad-file skip}, with reasons
 */
public record DataInfo(String spec, String description, long samplesUsed, int batches, List<SkippedFile> skippedFiles) {

    public DataInfo {
        skippedFiles = List.copyOf(skippedFiles);
    }

    /** A sample that could not be read. */
    public record SkippedFile(String id, String reason) {
    }
}
