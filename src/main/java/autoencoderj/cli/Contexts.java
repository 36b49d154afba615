package autoencoderj.cli;

import org.scijava.Context;
import org.scijava.display.DisplayPostprocessor;
import org.scijava.plugin.DefaultPluginFinder;
import org.scijava.plugin.PluginIndex;

/**
 * SciJava contexts for the entry points that are not Fiji: the headless
 * runner and the ImageJ 1.x bridge. Both save or show a command's outputs
 * themselves, so scijava's display postprocessor, which has no display for
 * an {@code ImagePlus} outside Fiji and warns "Ignoring unsupported output"
 * for each, is left out.
 */
public final class Contexts {

	private Contexts() {}

	public static Context withoutDisplays() {
		final DefaultPluginFinder all = new DefaultPluginFinder();
		// the context discovers plugins itself: filter what its finder finds
		return new Context(new PluginIndex(plugins -> {
			final java.util.Map<String, Throwable> errors = all.findPlugins(plugins);
			plugins.removeIf(info -> DisplayPostprocessor.class.getName().equals(info.getClassName()));
			return errors;
		}));
	}
}
