package org.nlsig.report.page;

/** File and element names derived from model names, safe on every file system and in HTML ids. */
public final class FileNames {
    private FileNames() {
    }

    public static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
    }
}
