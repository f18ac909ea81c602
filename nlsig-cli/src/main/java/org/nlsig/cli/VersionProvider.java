package org.nlsig.cli;

import picocli.CommandLine.IVersionProvider;

/** Versions of nlsig and of what it runs on, from the jar manifest. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = NlsigCommand.class.getPackage().getImplementationVersion();
        return new String[] {"nlsig " + (v != null ? v : "development build"),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
