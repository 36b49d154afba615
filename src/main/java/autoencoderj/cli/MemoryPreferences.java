package autoencoderj.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.prefs.AbstractPreferences;
import java.util.prefs.Preferences;
import java.util.prefs.PreferencesFactory;

/**
 * Java preferences that live only as long as the process: a headless run
 * installs them (system property {@code java.util.prefs.PreferencesFactory},
 * before anything asks for preferences), so that scijava's remembered
 * parameter values neither leak from one batch job into the next nor pile up
 * in the user's preferences.
 */
public final class MemoryPreferences implements PreferencesFactory {

	// not static: creating a node initialises java.util.prefs.Preferences, which reads the
	// factory's name once; install() must set it before that
	private final Node user = new Node(null, ""), system = new Node(null, "");

	/** Makes every later {@link Preferences} call of this process use memory only. */
	public static void install() {
		System.setProperty("java.util.prefs.PreferencesFactory", MemoryPreferences.class.getName());
	}

	@Override
	public Preferences userRoot() {
		return user;
	}

	@Override
	public Preferences systemRoot() {
		return system;
	}

	private static final class Node extends AbstractPreferences {

		private final Map<String, String> values = new HashMap<>();
		private final Map<String, Node> children = new HashMap<>();

		private Node(final Node parent, final String name) {
			super(parent, name);
		}

		@Override
		protected void putSpi(final String key, final String value) {
			values.put(key, value);
		}

		@Override
		protected String getSpi(final String key) {
			return values.get(key);
		}

		@Override
		protected void removeSpi(final String key) {
			values.remove(key);
		}

		@Override
		protected void removeNodeSpi() {
			values.clear();
		}

		@Override
		protected String[] keysSpi() {
			return values.keySet().toArray(new String[0]);
		}

		@Override
		protected String[] childrenNamesSpi() {
			return children.keySet().toArray(new String[0]);
		}

		@Override
		protected AbstractPreferences childSpi(final String name) {
			return children.computeIfAbsent(name, n -> new Node(this, n));
		}

		@Override
		protected void syncSpi() {}

		@Override
		protected void flushSpi() {}
	}
}
