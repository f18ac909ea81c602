package org.nlsig.signature.study;

import java.io.IOException;
import java.util.Optional;
import java.util.ServiceLoader;
import org.nlsig.signature.pipeline.RemoteBatches;

/**
 * Scores a study's batches on other machines: a service found at run time ({@link ServiceLoader}), so the command
 * line does not carry a cluster framework. nlsig-spark provides one; without its jar {@link #installed} is empty.
 */
public interface StudyExecutor {

    /** The jar that provides the Spark executor, for the message when it is missing. */
    String SPARK_JAR = "nlsig-spark.jar";

    /**
     * Connects to the cluster.
     *
     * @param master  where to run: a Spark master URL, {@code local[N]} for N threads in this JVM
     * @param threads the thread budget of each task's model runtime and scoring
     */
    Session open(String master, int threads) throws IOException;

    /** A connection to the cluster, for the whole study. */
    interface Session extends AutoCloseable {

        /** Scores the batches of one run's row on the cluster. */
        RemoteBatches batches(StudyRow row);

        /** What the run is on, for the progress lines ("spark local[2], 2 executors"). */
        String description();

        @Override
        void close();
    }

    /** The executor on the class path, if any. */
    static Optional<StudyExecutor> installed() {
        return ServiceLoader.load(StudyExecutor.class, StudyExecutor.class.getClassLoader()).findFirst();
    }
}
