package org.nlsig.report.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;

/**
 * How the sites of compared signatures were put side by side. A site's identity is its name, not its index: two
 * exports of one network (fp16 and int8, say) can list the same sites in another order. A signature whose site
 * names are exactly the reference's, in another order, is put in the reference's order; one whose names differ
 * (another architecture, or another exporter's scopes) keeps its own order, as comparisons did before names were
 * used.
 *
 * @param reference the label of the signature the others are aligned to (the first compared)
 * @param byName    labels of signatures with the reference's site names in another order, reordered to the reference
 * @param byOrder   labels of signatures whose site names differ from the reference's, compared by position
 * @param notes     one line per signature in {@code byOrder} saying how its names differ
 */
public record SiteAlignment(String reference, List<String> byName, List<String> byOrder, List<String> notes) {
    /** At most this many differing names are quoted in a note. */
    private static final int QUOTED_NAMES = 3;

    public SiteAlignment {
        byName = List.copyOf(byName);
        byOrder = List.copyOf(byOrder);
        notes = List.copyOf(notes);
    }

    /** Signatures in their aligned site order, with how they were aligned. */
    public record Aligned(List<Signature> signatures, SiteAlignment alignment) {
        public Aligned {
            signatures = List.copyOf(signatures);
        }
    }

    /**
     * Aligns every signature to the first one's site names.
     *
     * @param labels the display label of each signature, same order
     */
    public static Aligned align(List<Signature> signatures, List<String> labels) {
        if (signatures.size() != labels.size() || signatures.isEmpty()) {
            throw new IllegalArgumentException(signatures.size() + " signatures, " + labels.size() + " labels");
        }
        List<String> referenceNames = names(signatures.get(0));
        Map<String, Integer> position = positions(referenceNames);
        List<Signature> out = new ArrayList<>(List.of(signatures.get(0)));
        List<String> byName = new ArrayList<>();
        List<String> byOrder = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 1; i < signatures.size(); i++) {
            Signature s = signatures.get(i);
            List<String> names = names(s);
            if (names.equals(referenceNames)) {
                out.add(s);
            } else if (position != null && names.size() == referenceNames.size()
                    && new HashSet<>(names).equals(position.keySet())) {
                out.add(reordered(s, position));
                byName.add(labels.get(i));
            } else {
                out.add(s);
                byOrder.add(labels.get(i));
                notes.add(difference(labels.get(i), names, labels.get(0), referenceNames));
            }
        }
        return new Aligned(out, new SiteAlignment(labels.get(0), byName, byOrder, notes));
    }

    /** What the comparison says about it: one line, then a note per signature compared by position. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (byOrder.isEmpty() && byName.isEmpty()) {
            lines.add("sites aligned by name: every signature has " + reference + "'s site names in its order");
        } else if (!byName.isEmpty()) {
            lines.add("sites aligned by name: " + String.join(", ", byName) + " list" + (byName.size() == 1 ? "s" : "")
                    + " " + reference + "'s site names in another order and " + (byName.size() == 1 ? "is" : "are")
                    + " compared in " + reference + "'s order");
        }
        if (!byOrder.isEmpty()) {
            lines.add("sites compared by position (their names differ from " + reference + "'s): "
                    + String.join(", ", byOrder));
            notes.forEach(n -> lines.add("  " + n));
        }
        return lines;
    }

    private static List<String> names(Signature s) {
        return s.sites().stream().map(SiteResult::name).toList();
    }

    /** Each name's position, or null when a name is missing or repeated (then names cannot identify sites). */
    private static Map<String, Integer> positions(List<String> names) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null || out.put(names.get(i), i) != null) {
                return null;
            }
        }
        return out;
    }

    /** The signature with its sites in the reference's order, each renumbered to its reference position. */
    private static Signature reordered(Signature s, Map<String, Integer> position) {
        SiteResult[] sites = new SiteResult[s.sites().size()];
        for (SiteResult r : s.sites()) {
            int at = position.get(r.name());
            sites[at] = new SiteResult(at, r.name(), r.kind(), r.op(), r.input(), r.output(), r.shape(),
                    r.featureAxis(), r.pooledDim(), r.affinity(), r.metrics(), r.scoring());
        }
        return new Signature(s.model(), s.data(), s.config(), s.provenance(), s.accuracy(), List.of(sites));
    }

    private static String difference(String label, List<String> names, String reference, List<String> referenceNames) {
        Set<String> known = new HashSet<>(referenceNames);
        List<String> unknown = names.stream().filter(n -> !known.contains(n)).distinct().toList();
        String counts = label + ": " + names.size() + " sites, " + reference + " " + referenceNames.size();
        if (unknown.isEmpty()) {
            return counts + "; site names repeat, so they cannot identify sites";
        }
        List<String> quoted = unknown.stream().limit(QUOTED_NAMES).map(n -> "'" + n + "'").toList();
        return counts + "; " + unknown.size() + " of its names are not " + reference + "'s ("
                + String.join(", ", quoted) + (unknown.size() > QUOTED_NAMES ? ", ..." : "") + ")";
    }
}
