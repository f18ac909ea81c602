package org.nlsig.signature.result;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nlsig.io.UserInputException;

/** The per-site quantities a run can compute; {@code affinity} is always computed. */
public enum MetricName {
    AFFINITY, CKA, NORM, SPARSITY, ENTROPY, R2;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a comma-separated list such as {@code affinity,cka,r2}; {@code all} means every metric.
     *
     * @return the comparison metrics asked for (without affinity), in canonical order
     */
    public static List<MetricName> parseList(String text) {
        Set<MetricName> set = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("all")) {
                set.addAll(List.of(values()));
                continue;
            }
            boolean found = false;
            for (MetricName m : values()) {
                if (m.id().equals(p)) {
                    set.add(m);
                    found = true;
                }
            }
            if (!found) {
                throw new UserInputException("unknown metric '" + part.trim()
                        + "' (choose from affinity, cka, norm, sparsity, entropy, r2, or all)");
            }
        }
        List<MetricName> out = new ArrayList<>();
        for (MetricName m : values()) {
            if (m != AFFINITY && set.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }
}
