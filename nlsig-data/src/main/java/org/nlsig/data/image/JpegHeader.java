package org.nlsig.data.image;

/**
 * What the decoder needs from a JPEG's markers before choosing a reader: the number of colour components (from the
 * SOF segment) and the Adobe APP14 transform (-1 when there is no Adobe segment).
 */
record JpegHeader(int components, int adobeTransform) {
    static boolean isJpeg(byte[] data) {
        return data.length > 3 && (data[0] & 0xff) == 0xFF && (data[1] & 0xff) == 0xD8;
    }

    /** Scans marker segments up to the first start-of-frame; null if none is found (left to the decoder to report). */
    static JpegHeader scan(byte[] data) {
        int adobe = -1;
        int p = 2;
        while (p + 4 <= data.length) {
            if ((data[p] & 0xff) != 0xFF) {
                return null;
            }
            int marker = data[p + 1] & 0xff;
            if (marker == 0xFF) {
                p++;
                continue;
            }
            int length = ((data[p + 2] & 0xff) << 8) | (data[p + 3] & 0xff);
            int body = p + 4;
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                return body + 5 < data.length ? new JpegHeader(data[body + 5] & 0xff, adobe) : null;
            }
            if (marker == 0xEE && length >= 14 && body + 12 <= data.length
                    && data[body] == 'A' && data[body + 1] == 'd' && data[body + 2] == 'o'
                    && data[body + 3] == 'b' && data[body + 4] == 'e') {
                adobe = data[body + 11] & 0xff;
            }
            if (marker == 0xDA || length < 2) {
                return null;
            }
            p += 2 + length;
        }
        return null;
    }
}
