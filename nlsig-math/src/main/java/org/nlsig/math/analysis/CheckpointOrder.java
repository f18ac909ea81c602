package org.nlsig.math.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order of training checkpoints (the paper's Figure 9: a signature at initialisation and after training).
 * Checkpoint labels that are all numbers (epochs, steps: {@code 0}, {@code 10}, {@code 2.5}) are ordered by value, so
 * that epoch 10 follows epoch 9 rather than epoch 1; otherwise ({@code init}, {@code final}) the labels keep the order
 * they were given in, which is the only order the caller can express.
 */
public final class CheckpointOrder {
    private CheckpointOrder() {
    }

    /** Whether every label reads as a finite number. */
    public static boolean numeric(List<String> labels) {
        return labels.stream().allMatch(l -> Double.isFinite(number(l)));
    }

    /**
     * The indices of {@code labels} in checkpoint order: by numeric value when every label is a number (ties keep
     * their given order), else the given order.
     */
    public static int[] order(List<String> labels) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            idx.add(i);
        }
        if (numeric(labels)) {
            idx.sort(Comparator.comparingDouble(i -> number(labels.get(i))));
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double number(String label) {
        if (label == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(label.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
