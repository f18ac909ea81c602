package org.nlsig.cli;

import java.util.List;
import java.util.function.Supplier;
import org.nlsig.io.UserInputException;

/**
 * Checks of option values that throw a {@link UserInputException} naming the option, and the edge between the
 * command line and nlsig-math. The math module is a library: it reports bad input as
 * {@link IllegalArgumentException}s that know nothing of options or files. Enumerated options are converted by
 * picocli ({@link OptionTypes}); numeric ones are checked here first, naming the option, and what the library still
 * rejects becomes a {@link UserInputException} at the call, so an IllegalArgumentException from deeper down stays an
 * internal error.
 */
final class InputChecks {
    private InputChecks() {
    }

    /**
     * Builds a math-module parameter record (a study's protocol) from already checked options; what its
     * constructor still rejects is an option combination the checks missed, reported with {@code command}.
     */
    static <T> T parameters(String command, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new UserInputException("the options do not make a valid " + command + " run: " + e.getMessage()
                    + " (see --help)", e);
        }
    }

    static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new UserInputException(option + " must be at least " + min + ", got " + value);
        }
    }

    static void atMost(String option, long value, long max) {
        if (value > max) {
            throw new UserInputException(option + " must be at most " + max + ", got " + value);
        }
    }

    /** A thread count: at least {@code min}, at most the machine's cores x 4 (more only costs memory and time). */
    static void threads(String option, int value, int min) {
        atLeast(option, value, min);
        int cores = Runtime.getRuntime().availableProcessors();
        long max = 4L * cores;
        if (value > max) {
            throw new UserInputException(option + " must be at most " + max + " (4 x the " + cores
                    + " cores of this machine), got " + value);
        }
    }

    /** A floating-point option value: finite (NaN and infinities are refused, naming the option). */
    static void finite(String option, double value) {
        if (!Double.isFinite(value)) {
            throw new UserInputException(option + " must be a finite number, got " + value);
        }
    }

    static void positive(String option, double value) {
        if (!(value > 0)) {
            throw new UserInputException(option + " must be positive, got " + value);
        }
    }

    static void positive(String option, List<? extends Number> values) {
        for (Number v : values) {
            if (!(v.doubleValue() > 0)) {
                throw new UserInputException(option + " values must be positive, got " + v + " in " + values);
            }
        }
    }

    /** A pair option LO,HI: two numbers. */
    static void pair(String option, List<Double> range) {
        if (range.size() != 2) {
            throw new UserInputException(option + " takes two numbers LO,HI, got " + range);
        }
    }

    /** An interval option LO,HI: two numbers, LO below HI. */
    static void interval(String option, List<Double> range) {
        pair(option, range);
        if (!(range.get(0) < range.get(1))) {
            throw new UserInputException(option + " " + range.get(0) + "," + range.get(1) + ": LO must be below HI");
        }
    }
}
