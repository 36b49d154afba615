package autoencoderj.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions the build used, from the pom (filtered into {@code versions.properties}). */
public final class Versions {

	/** Deeplearning4j's version, as a model file records it. */
	public static final String DL4J;
	/** This plugin's version as built, or {@code development}. */
	public static final String PLUGIN;

	static {
		final Properties p = new Properties();
		try (InputStream in = Versions.class.getResourceAsStream("/autoencoderj/versions.properties")) {
			if (in != null) p.load(in);
		}
		catch (final IOException exc) {
			// a build without the file: say so in the values
		}
		DL4J = known(p.getProperty("dl4j"));
		PLUGIN = known(p.getProperty("plugin"));
	}

	private Versions() {}

	private static String known(final String v) {
		return v == null || v.startsWith("${") ? "development" : v;
	}
}
