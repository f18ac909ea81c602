package org.nlsig.onnx.sites;

/**
 * Readable site names from exporters' scoped node names. PyTorch writes {@code /layer1/layer1.0/relu_1/Relu}:
 * each scope is a module, written relative to the scope before it when that scope is a container, so a scope that
 * extends the previous one ({@code layer1} then {@code layer1.0}) replaces it, and others append.
 */
public final class ScopeNames {
    private ScopeNames() {
    }

    /** {@code /layer1/layer1.0/relu_1/Relu} -&gt; {@code layer1.0.relu_1}; unscoped names are kept as they are. */
    public static String readable(String nodeName) {
        if (!nodeName.startsWith("/") || nodeName.lastIndexOf('/') == 0) {
            return nodeName.startsWith("/") ? nodeName.substring(1) : nodeName;
        }
        String[] parts = nodeName.substring(1).split("/");
        StringBuilder name = new StringBuilder();
        String previous = null;
        for (int i = 0; i < parts.length - 1; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                continue;
            }
            if (previous != null && part.startsWith(previous + ".")) {
                name.setLength(name.length() - previous.length());
                name.append(part);
            } else {
                name.append(name.length() > 0 ? "." : "").append(part);
            }
            previous = part;
        }
        return name.length() > 0 ? name.toString() : parts[parts.length - 1];
    }
}
