package autoencoderj.cli;

import org.scijava.Context;
import org.scijava.display.DisplayPostprocessor;
import org.scijava.module.process.LoadInputsPreprocessor;
import org.scijava.module.process.SaveInputsPreprocessor;
import org.scijava.plugin.DefaultPluginFinder;
import org.scijava.plugin.PluginIndex;

/**
 * SciJava contexts for the entry points that are not Fiji: the headless
 * runner and the ImageJ 1.x bridge. Both save or show a command's outputs
 * themselves, so scijava's display postprocessor, which has no display for
 * an {@code ImagePlus} outside Fiji and warns "Ignoring unsupported output"
 * for each, is left out. So are the processors that load a command's inputs
 * from the user's preferences and save them there: a macro's or a headless
 * run's missing key takes the documented default, always, and these runs
 * leave no preferences behind (one had left {@code init=} the working folder
 * for the next run to read).
 */
public final class Contexts {

	private static final java.util.Set<String> LEFT_OUT = java.util.Set.of(DisplayPostprocessor.class
		.getName(), LoadInputsPreprocessor.class.getName(), SaveInputsPreprocessor.class.getName());

	private Contexts() {}

	public static Context withoutDisplays() {
		final DefaultPluginFinder all = new DefaultPluginFinder();
		// the context discovers plugins itself: filter what its finder finds
		return new Context(new PluginIndex(plugins -> {
			final java.util.Map<String, Throwable> errors = all.findPlugins(plugins);
			plugins.removeIf(info -> LEFT_OUT.contains(info.getClassName()));
			return errors;
		}));
	}
}
