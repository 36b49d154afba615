package autoencoderj.model;

import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Makes ND4J usable from inside a host application.
 * <p>
 * ND4J finds its backend through a {@link java.util.ServiceLoader} on the class
 * loader captured when {@link ND4JClassLoading} is first loaded: the calling
 * thread's context class loader. In Fiji that is not the loader that loaded
 * this plugin, and ND4J then fails with {@code NoAvailableBackendException}
 * (nd4j issue 2248, deeplearning4j issues 9058 and 9506). Every command calls
 * {@link #ensureReady()} before its first ND4J call.
 * </p>
 */
public final class Nd4jRuntime {

	private static volatile boolean ready;

	private Nd4jRuntime() {}

	/** Points ND4J at this plugin's class loader and loads the native backend once. */
	public static void ensureReady() {
		if (ready) return;
		synchronized (Nd4jRuntime.class) {
			if (ready) return;
			final ClassLoader own = Nd4jRuntime.class.getClassLoader();
			final Thread thread = Thread.currentThread();
			final ClassLoader previous = thread.getContextClassLoader();
			thread.setContextClassLoader(own);
			try {
				ND4JClassLoading.setNd4jClassloader(own);
				Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
				Nd4j.getBackend();
				Nd4j.create(1);
				ready = true;
			}
			finally {
				thread.setContextClassLoader(previous);
			}
		}
	}
}
