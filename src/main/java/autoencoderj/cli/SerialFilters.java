package autoencoderj.cli;

import java.io.ObjectInputFilter;

/**
 * Defence in depth behind the model reader, which never deserialises Java
 * objects: a process-wide JDK serialisation filter, so that a path nobody
 * thought of (a library reading a user's file) cannot run a gadget chain.
 */
public final class SerialFilters {

	/**
	 * Packages of the plugin's libraries and known gadget-chain families,
	 * refused where other plugins may still deserialise their own objects.
	 */
	static final String SHARED = "maxdepth=64;maxrefs=100000;maxbytes=67108864;maxarray=16777216;" +
		"!org.nd4j.**;!org.deeplearning4j.**;!autoencoderj.**;!org.bytedeco.**;!org.apache.commons." +
		"collections.functors.*;!org.apache.commons.collections4.functors.*;!org.codehaus.groovy." +
		"runtime.**;!org.springframework.**;!com.sun.org.apache.xalan.**;!javax.management.**;" +
		"!java.rmi.**;!sun.rmi.**;!org.mozilla.javascript.**;!bsh.**;!clojure.**;!org.python.**;" +
		"!com.mchange.**;!org.apache.xalan.**;!com.fasterxml.**;!org.hibernate.**";

	private SerialFilters() {}

	/** The headless runner needs no deserialisation at all: refuse every class. */
	public static void rejectAll() {
		install("!*");
	}

	/**
	 * Inside ImageJ, which other plugins share: refuse the plugin's own
	 * libraries' classes and known gadget families, bound depth and size.
	 */
	public static void rejectOurs() {
		install(SHARED);
	}

	private static void install(final String pattern) {
		if (ObjectInputFilter.Config.getSerialFilter() != null) return;
		try {
			ObjectInputFilter.Config.setSerialFilter(ObjectInputFilter.Config.createFilter(pattern));
		}
		catch (final IllegalStateException exc) {
			// set meanwhile by the host (or jdk.serialFilter): that one stands
		}
	}
}
