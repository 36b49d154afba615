package autoencoderj.engine;

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

	/** The system property javacpp reads to pick a build variant of a native library. */
	static final String EXTENSION = "org.bytedeco.javacpp.platform.extension";

	/**
	 * Uses ND4J's oneDNN build when it is on the class path and nobody chose
	 * otherwise: javacpp only loads a variant that the extension property names.
	 */
	private static void selectOneDnnBuild(final ClassLoader loader) {
		if (System.getProperty(EXTENSION) != null) return;
		final String platform = org.bytedeco.javacpp.Loader.getPlatform();
		if (loader.getResource("org/nd4j/linalg/cpu/nativecpu/bindings/" + platform +
			"-onednn/") != null || loader.getResource("org/nd4j/linalg/cpu/nativecpu/bindings/" +
				platform + "-onednn/" + System.mapLibraryName("jnind4jcpu")) != null)
		{
			System.setProperty(EXTENSION, "-onednn");
		}
	}

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
				selectOneDnnBuild(own);
				ND4JClassLoading.setNd4jClassloader(own);
				Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
				Nd4j.getBackend();
				Nd4j.create(1);
				CpuTuning.get().applyTo(Nd4j.getEnvironment());
				ready = true;
			}
			finally {
				thread.setContextClassLoader(previous);
			}
		}
	}
}
