package autoencoderj.ij1;

import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

/**
 * Runs an AutoencoderJ SciJava command from plain ImageJ 1.x (no Fiji): the
 * entries of {@code plugins.config} name this class with the command's class
 * name as argument. Asks for the inputs with a {@link CommandDialog} (which
 * ImageJ's recorder records and macros fill in), runs the command, shows its
 * images and tables, and reports a failure with {@code IJ.error}, aborting a
 * running macro.
 */
public class CommandPlugin implements PlugIn {

	private static Context context;
	/** Held here: scijava's event service keeps its subscribers weakly. */
	private static StatusBar statusBar;

	/**
	 * One context per ImageJ session. Created with this plugin's class loader as
	 * the thread's context loader: scijava finds its plugins through it, and in
	 * ImageJ 1.x it is otherwise the application loader, which cannot see the
	 * jars in the plugins folder.
	 */
	static synchronized Context context() {
		autoencoderj.cli.SerialFilters.rejectOurs();
		if (context == null) {
			context = withOwnLoader(autoencoderj.cli.Contexts::withoutDisplays);
			statusBar = new StatusBar();
			context.service(org.scijava.event.EventService.class).subscribe(statusBar);
		}
		return context;
	}

	@Override
	public void run(final String className) {
		withOwnLoader(() -> {
			execute(className);
			return null;
		});
	}

	private static void execute(final String className) {
		// the first command builds the plugin context and loads classes: a sign of life meanwhile
		final boolean first = context == null;
		if (first) IJ.showStatus("Starting AutoencoderJ...");
		final Context ctx = context();
		if (first) IJ.showStatus("");
		final CommandInfo info = ctx.service(CommandService.class).getCommand(className);
		if (info == null) {
			IJ.error("AutoencoderJ", "The command " + className + " is missing: reinstall AutoencoderJ.");
			return;
		}
		final Map<String, Object> inputs = CommandDialog.ask(ctx, info);
		if (inputs == null) return;
		final Module module;
		try {
			module = ctx.service(ModuleService.class).run(info, true, inputs).get();
		}
		catch (final Exception exc) {
			IJ.handleException(exc);
			return;
		}
		if (module instanceof Cancelable && ((Cancelable) module).isCanceled()) {
			final String reason = ((Cancelable) module).getCancelReason();
			if (reason != null && !reason.isEmpty()) report(info.getTitle(), reason);
			return;
		}
		for (final ModuleItem<?> item : info.outputs()) {
			final Object value = module.getOutput(item.getName());
			if (value instanceof ImagePlus) {
				// a second result of the same image gets a title of its own, as ImageJ's own commands do
				final ImagePlus imp = (ImagePlus) value;
				imp.setTitle(ij.WindowManager.makeUniqueName(imp.getTitle()));
				imp.show();
			}
			else if (value instanceof ResultsTable) ((ResultsTable) value).show(item.getName());
			else if (value != null) IJ.log(item.getName() + ": " + value);
			if ("saved".equals(item.getName()) && value instanceof String) DialogMemory.modelWritten(
				(String) value);
		}
	}

	/**
	 * Shows a failure: a dialog where ImageJ has a window, the log where it has
	 * none (a batch run, where a modal dialog would wait forever); a running
	 * macro stops there.
	 */
	private static void report(final String title, final String message) {
		if (IJ.getInstance() == null) IJ.log(title + ": " + message);
		else IJ.error(title, message);
		if (Interpreter.getInstance() != null) Interpreter.abort();
		else if (Macro.getOptions() != null) Macro.abort();
	}

	private static <T> T withOwnLoader(final java.util.concurrent.Callable<T> work) {
		final Thread thread = Thread.currentThread();
		final ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(CommandPlugin.class.getClassLoader());
		try {
			return work.call();
		}
		catch (final RuntimeException exc) {
			throw exc;
		}
		catch (final Exception exc) {
			throw new IllegalStateException(exc);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}
}
