package org.nlsig.cli;

/** "1 batch", "2 batches": counts in messages. */
final class Plural {
    private Plural() {
    }

    /** The count and the noun, with the English plural (-es after s, x, z, ch, sh; -s otherwise). */
    static String of(long count, String noun) {
        if (count == 1) {
            return count + " " + noun;
        }
        boolean es = noun.endsWith("s") || noun.endsWith("x") || noun.endsWith("z") || noun.endsWith("ch")
                || noun.endsWith("sh");
        return count + " " + noun + (es ? "es" : "s");
    }
}
