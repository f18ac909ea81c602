/**
 * The {@code nlsig} command line ({@link org.nlsig.cli.NlsigCommand}): an application, so it exports
 * no package. picocli reflects on the command classes, and Jackson on the records the commands print
 * as JSON, so {@code org.nlsig.cli} is opened to both and {@code org.nlsig.cli.demo} to Jackson.
 * The runnable {@code nlsig.jar} is a shaded jar for the class path; module descriptors are left out
 * of it.
 *
 * <p>On the module path (the jars of every module and dependency in one folder), JavaCPP's native
 * platform modules are required by no module and must be added by hand:
 * {@code java -p DIR --add-modules org.bytedeco.openblas.linux.x86_64,org.bytedeco.javacpp.linux.x86_64
 * -m org.nlsig.cli/org.nlsig.cli.NlsigCommand ...} (with this platform's suffix).
 */
module org.nlsig.cli {
    requires org.nlsig.io;
    requires org.nlsig.math;
    requires org.nlsig.onnx;
    requires org.nlsig.data;
    requires org.nlsig.signature;
    requires org.nlsig.report;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires org.knowm.xchart;
    requires java.desktop;

    opens org.nlsig.cli to info.picocli, com.fasterxml.jackson.databind;
    opens org.nlsig.cli.demo to com.fasterxml.jackson.databind;
}
