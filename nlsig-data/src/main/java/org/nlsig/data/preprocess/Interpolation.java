package org.nlsig.data.preprocess;

import java.util.Locale;
import org.nlsig.io.UserInputException;

/** PIL's resampling filters, with the support (half-width, in source pixels at scale 1) PIL gives each. */
public enum Interpolation {
    NEAREST(0.0),
    BILINEAR(1.0),
    BICUBIC(2.0);

    private static final double BICUBIC_A = -0.5;

    private final double support;

    Interpolation(double support) {
        this.support = support;
    }

    double support() {
        return support;
    }

    /** The filter kernel, written term for term as in PIL's Resample.c so rounding is the same. */
    double weight(double x) {
        double ax = x < 0.0 ? -x : x;
        return switch (this) {
            case BILINEAR -> ax < 1.0 ? 1.0 - ax : 0.0;
            case BICUBIC -> {
                if (ax < 1.0) {
                    yield ((BICUBIC_A + 2.0) * ax - (BICUBIC_A + 3.0)) * ax * ax + 1;
                }
                if (ax < 2.0) {
                    yield (((ax - 5) * ax + 8) * ax - 4) * BICUBIC_A;
                }
                yield 0.0;
            }
            case NEAREST -> throw new IllegalStateException("nearest neighbour has no kernel");
        };
    }

    public static Interpolation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserInputException("unknown interpolation '" + name + "' (use nearest, bilinear or bicubic)");
        }
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
