package org.nlsig.data.image;

import java.io.IOException;

/** A file that is not a readable image (corrupt, truncated, or in an unsupported format); names the file. */
public class ImageDecodeException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageDecodeException(String message) {
        super(message);
    }

    public ImageDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
