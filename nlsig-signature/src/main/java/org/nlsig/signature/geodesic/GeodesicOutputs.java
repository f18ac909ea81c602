package org.nlsig.signature.geodesic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of a geodesic run in its output folder, each written atomically: the writer after the run. */
public final class GeodesicOutputs {
    public static final String JSON = "geodesic.json";
    public static final String CSV = "geodesic.csv";

    private GeodesicOutputs() {
    }

    /** Writes {@value #JSON} and {@value #CSV} into dir (created if needed). */
    public static void write(Path dir, GeodesicResult result) throws IOException {
        Files.createDirectories(dir);
        GeodesicJson.write(dir.resolve(JSON), result);
        GeodesicCsv.write(dir.resolve(CSV), result);
    }
}
