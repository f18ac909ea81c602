package org.nlsig.cli;

import java.util.List;
import java.util.function.Function;
import org.nlsig.math.activations.ActivationFunction;
import org.nlsig.math.analysis.LinkageMethod;
import org.nlsig.math.covariance.CovarianceEstimator;
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

    /** Any parser's rejection (a user error or a library's IllegalArgumentException) as picocli's own. */
    private static <T> T convert(String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | org.nlsig.io.UserInputException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static final class Pooling implements ITypeConverter<PoolingMode> {
        @Override
        public PoolingMode convert(String value) {
            return OptionTypes.convert(value, PoolingMode::parse);
        }
    }

    static final class Covariance implements ITypeConverter<CovarianceEstimator> {
        @Override
        public CovarianceEstimator convert(String value) {
            return OptionTypes.convert(value, CovarianceEstimator::named);
        }
    }

    static final class Activation implements ITypeConverter<ActivationFunction> {
        @Override
        public ActivationFunction convert(String value) {
            return OptionTypes.convert(value, ActivationFunction::named);
        }
    }

    static final class Linkage implements ITypeConverter<LinkageMethod> {
        @Override
        public LinkageMethod convert(String value) {
            return OptionTypes.convert(value, LinkageMethod::named);
        }
    }

    static final class DeviceName implements ITypeConverter<Device> {
        @Override
        public Device convert(String value) {
            return OptionTypes.convert(value, Device::parse);
        }
    }

    static final class Metrics implements ITypeConverter<List<MetricName>> {
        @Override
        public List<MetricName> convert(String value) {
            return OptionTypes.convert(value, MetricName::parseList);
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
