package org.nlsig.math.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of agglomerative hierarchical clustering in scipy's layout ({@code scipy.cluster.hierarchy.linkage}):
 * merge i joins clusters {@code left} and {@code right} at {@code distance} into cluster {@code leaves + i}, of
 * {@code size} leaves; leaves are clusters 0 .. leaves-1, {@code left < right}, merges in non-decreasing distance.
 *
 * @param leaves number of clustered items
 * @param method the linkage criterion used
 * @param merges the leaves - 1 merges
 */
public record Linkage(int leaves, LinkageMethod method, List<Merge> merges) {

    public Linkage {
        merges = List.copyOf(merges);
        if (leaves > 0 && merges.size() != leaves - 1) {
            throw new IllegalArgumentException(leaves + " leaves need " + (leaves - 1) + " merges, got "
                    + merges.size());
        }
    }

    /** One row of scipy's linkage matrix Z. */
    public record Merge(int left, int right, double distance, int size) {
    }

    /** Z as scipy prints it: rows of (left, right, distance, size). */
    public double[][] toMatrix() {
        double[][] z = new double[merges.size()][];
        for (int i = 0; i < z.length; i++) {
            Merge m = merges.get(i);
            z[i] = new double[] {m.left(), m.right(), m.distance(), m.size()};
        }
        return z;
    }

    /**
     * The leaves in dendrogram order (scipy's {@code leaves_list}): a depth-first walk of the tree from the last
     * merge, left branch first.
     */
    public int[] leafOrder() {
        int[] order = new int[leaves];
        int[] k = {0};
        if (leaves == 1) {
            return order;
        }
        walk(leaves + merges.size() - 1, order, k);
        return order;
    }

    private void walk(int cluster, int[] order, int[] k) {
        if (cluster < leaves) {
            order[k[0]++] = cluster;
            return;
        }
        Merge m = merges.get(cluster - leaves);
        walk(m.left(), order, k);
        walk(m.right(), order, k);
    }

    /**
     * The dendrogram's geometry: leaf j of {@link #leafOrder()} sits at x = j, height 0; each merge is a U from its
     * left child's (x, height) up to its distance and down to its right child's (x, height).
     */
    public List<Link> layout() {
        double[] x = new double[leaves + merges.size()];
        double[] h = new double[leaves + merges.size()];
        int[] order = leafOrder();
        for (int j = 0; j < order.length; j++) {
            x[order[j]] = j;
        }
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < merges.size(); i++) {
            Merge m = merges.get(i);
            links.add(new Link(x[m.left()], h[m.left()], x[m.right()], h[m.right()], m.distance()));
            x[leaves + i] = (x[m.left()] + x[m.right()]) / 2;
            h[leaves + i] = m.distance();
        }
        return links;
    }

    /** A dendrogram link: vertical lines at x1 (from y1) and x2 (from y2) up to height, joined at the top. */
    public record Link(double x1, double y1, double x2, double y2, double height) {
    }
}
