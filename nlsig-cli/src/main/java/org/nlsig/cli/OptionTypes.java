package org.nlsig.cli;

import java.util.List;
import java.util.function.Function;
import org.nlsig.data.preprocess.CropSize;
import org.nlsig.data.preprocess.Resize;
import org.nlsig.io.UserInputException;
import org.nlsig.math.activations.ActivationFunction;
import org.nlsig.math.analysis.LinkageMethod;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.onnx.inputs.InputAssignment;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.runtime.Device;
import org.nlsig.signature.result.MetricName;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for nlsig's option types, so commands receive typed values and picocli reports a bad value as
 * "Invalid value for option '--pooling': ..." with the option named, before the command runs.
 */
final class OptionTypes {
    private OptionTypes() {
    }

    /** A converter by a parser; any rejection (a user error or a library's IllegalArgumentException) is picocli's. */
    private abstract static class Parsed<T> implements ITypeConverter<T> {
        private final Function<String, T> parser;

        Parsed(Function<String, T> parser) {
            this.parser = parser;
        }

        @Override
        public T convert(String value) {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException | UserInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Pooling extends Parsed<PoolingMode> {
        Pooling() {
            super(PoolingMode::parse);
        }
    }

    static final class Covariance extends Parsed<CovarianceEstimator> {
        Covariance() {
            super(CovarianceEstimator::named);
        }
    }

    static final class Activation extends Parsed<ActivationFunction> {
        Activation() {
            super(ActivationFunction::named);
        }
    }

    static final class Linkage extends Parsed<LinkageMethod> {
        Linkage() {
            super(LinkageMethod::named);
        }
    }

    static final class DeviceName extends Parsed<Device> {
        DeviceName() {
            super(Device::parse);
        }
    }

    /** One {@code --input NAME=VALUE}. */
    static final class ModelInput extends Parsed<InputAssignment> {
        ModelInput() {
            super(InputAssignment::parse);
        }
    }

    static final class Metrics extends Parsed<List<MetricName>> {
        Metrics() {
            super(MetricName::parseList);
        }
    }

    static final class ResizeSize extends Parsed<Resize> {
        ResizeSize() {
            super(Resize::parse);
        }
    }

    static final class Crop extends Parsed<CropSize> {
        Crop() {
            super(CropSize::parse);
        }
    }

    /** A finite double: "NaN", "Infinity" and values overflowing a double are refused. */
    static final class FiniteDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v;
            try {
                v = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number");
            }
            if (!Double.isFinite(v)) {
                throw new TypeConversionException("must be a finite number, got '" + value + "'");
            }
            return v;
        }
    }

    /** A finite float: as {@link FiniteDouble}, and within float range. */
    static final class FiniteFloat implements ITypeConverter<Float> {
        @Override
        public Float convert(String value) {
            float v = new FiniteDouble().convert(value).floatValue();
            if (!Float.isFinite(v)) {
                throw new TypeConversionException("must be a finite number within float range, got '" + value + "'");
            }
            return v;
        }
    }

    /** {@code N} (at least 1) or {@code all}, as 0. */
    static final class BatchCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            if (value.trim().equalsIgnoreCase("all")) {
                return 0;
            }
            int n;
            try {
                n = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("takes a number or 'all', not '" + value + "'");
            }
            if (n < 1) {
                throw new TypeConversionException("must be at least 1 (or 'all'), got " + n);
            }
            return n;
        }
    }
}
