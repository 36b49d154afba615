package autoencoderj.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import autoencoderj.data.CheckedImages;
import autoencoderj.data.Csv;
import autoencoderj.data.TiffFiles;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.console.ConsoleService;
import org.scijava.convert.ConvertService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.event.ModuleCanceledEvent;
import org.scijava.module.event.ModuleErroredEvent;
import org.scijava.module.event.ModuleFinishedEvent;
import org.scijava.startup.StartupService;

/**
 * Runs one command by title, headless, through scijava-common's
 * {@link ConsoleService} {@code --run} argument, as Fiji's
 * {@code --headless --run} does; then saves its image outputs as TIFF and its
 * tables as CSV into the {@code --outputs} folder.
 * <p>
 * Values in the parameter string may be given without quotes
 * ({@code image=/data/noisy.tif}); they are quoted before scijava's parser
 * sees them, which would otherwise read a path as an arithmetic expression.
 * </p>
 */
public final class HeadlessRun {

	/** A {@code key=} part; its value may hold anything, line breaks included (refused later). */
	private static final Pattern KEY = Pattern.compile("\\s*[A-Za-z_][A-Za-z0-9_]*\\s*=.*",
		Pattern.DOTALL);
	private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

	private HeadlessRun() {}

	public static int run(final String... args) {
		String title = null, params = "", outputs = null;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--run":
					if (i + 1 >= args.length) return usageError("--run needs a command title");
					title = args[++i];
					if (i + 1 < args.length && !args[i + 1].startsWith("--")) params = args[++i];
					break;
				case "--outputs":
					if (i + 1 >= args.length) return usageError("--outputs needs a folder");
					outputs = args[++i];
					break;
				case "--headless":
					break;
				default:
					return usageError("unknown argument '" + args[i] + "'");
			}
		}
		if (title == null) return usageError("give --run TITLE");
		System.setProperty("java.awt.headless", "true");
		final Context context = Contexts.withoutDisplays();
		try {
			return run(context, title, params, outputs == null ? null : Paths.get(outputs),
				System.out, System.err);
		}
		finally {
			context.dispose();
		}
	}

	/** Runs {@code title} in {@code context}; returns the exit code. */
	public static int run(final Context context, final String title, final String params,
		final Path outputs, final PrintStream out, final PrintStream err)
	{
		final CommandService commands = context.service(CommandService.class);
		final CommandInfo info = commands.getCommands().stream().filter(c -> title.equals(c
			.getTitle())).findFirst().orElse(null);
		if (info == null) {
			err.println("No command titled '" + title + "'. AutoencoderJ commands: " + commands
				.getCommands().stream().filter(c -> c.getDelegateClassName().startsWith("autoencoderj."))
				.map(CommandInfo::getTitle).sorted().collect(Collectors.joining(", ")));
			return 2;
		}
		if (outputs != null) {
			try {
				Files.createDirectories(outputs);
			}
			catch (final IOException exc) {
				err.println("Cannot create the outputs folder " + outputs + ": " + exc.getMessage());
				return 2;
			}
		}
		final String wrong = checkValues(info, params, err);
		if (wrong != null) {
			err.println(title + " failed: " + wrong);
			return 1;
		}
		final Outcome outcome = new Outcome(info.getDelegateClassName());
		context.service(EventService.class).subscribe(outcome);
		context.service(ConsoleService.class).processArgs("--run", title, withDefaults(context, info,
			quoteValues(params)));
		context.service(StartupService.class).executeOperations();
		if (outcome.failure != null) {
			err.println(title + " failed: " + (outcome.failure.isEmpty() ? "it was cancelled before " +
				"it ran; give every parameter it needs (" + StreamSupport.stream(info.inputs()
					.spliterator(), false).filter(i -> !i.getType().getName().startsWith("org.scijava"))
					.map(ModuleItem::getName).collect(Collectors.joining(", ")) + ")" : outcome.failure));
			return 1;
		}
		if (outcome.finished == null) {
			err.println(title + " did not run: check the parameter string '" + params + "'.");
			return 1;
		}
		try {
			save(outcome.finished, outputs, out);
		}
		catch (final IOException exc) {
			err.println("Could not save the outputs of " + title + ": " + exc.getMessage());
			return 1;
		}
		return 0;
	}

	/**
	 * Quotes every value of a {@code key=value,key=value} string that is not
	 * quoted yet, escaping backslashes and quotes. A comma not followed by
	 * {@code key=} belongs to the value before it ({@code image=/data/a, b.tif}).
	 */
	public static String quoteValues(final String params) {
		final List<String> pairs = new ArrayList<>();
		for (final String pair : joinCommasInValues(params)) {
			if (pair.trim().isEmpty()) continue;
			final int eq = pair.indexOf('=');
			if (eq < 0) {
				pairs.add(pair);
				continue;
			}
			final String key = pair.substring(0, eq).trim();
			final String value = pair.substring(eq + 1).trim();
			pairs.add(key + "=" + (quoted(value) ? value : quote(value)));
		}
		return String.join(",", pairs);
	}

	/**
	 * What scijava would only report as "incompatible object" or silently turn
	 * into 0: a number that is not one, an image that is neither an open
	 * window's title nor an existing file. {@code null} when every value can be
	 * converted; keys the command does not have are reported on {@code err} and
	 * ignored.
	 */
	static String checkValues(final CommandInfo info, final String params, final PrintStream err) {
		String first = null;
		for (final String pair : joinCommasInValues(params)) {
			final int eq = pair.indexOf('=');
			if (eq < 0) continue;
			final String key = pair.substring(0, eq).trim();
			String value = pair.substring(eq + 1).trim();
			if (quoted(value)) value = value.substring(1, value.length() - 1);
			if (CONTROL.matcher(value).find() && first == null) first = key + "=...: the value holds a " +
				"line break or another control character; give each value on one line.";
			final ModuleItem<?> item = info.getInput(key);
			if (item == null) {
				// a key of another version, or a typo: said, not fatal, as in Fiji
				err.println(info.getTitle() + " has no parameter '" + key + "'; it is ignored. Its " +
					"parameters: " + StreamSupport.stream(info.inputs().spliterator(), false).filter(i -> !i
						.getType().getName().startsWith("org.scijava")).map(ModuleItem::getName).collect(
							Collectors.joining(", ")) + ".");
				continue;
			}
			final Class<?> type = item.getType();
			final boolean integer = type == int.class || type == Integer.class || type == long.class ||
				type == Long.class;
			final boolean number = integer || type == double.class || type == Double.class ||
				type == float.class || type == Float.class;
			try {
				if (integer) Long.parseLong(value);
				else if (number) Double.parseDouble(value);
			}
			catch (final NumberFormatException exc) {
				if (first == null) first = key + "=" + value + " is not " + (integer ? "a whole number"
					: "a number") + ".";
			}
			if (type == ImagePlus.class && ij.WindowManager.getImage(value) == null) {
				final File file = new File(value);
				if (!file.isFile() && first == null) first = key + "=" + value + ": no such file" + (file
					.isDirectory() ? " (it is a folder)" : "") + ", and no open image has that title. Give " +
					"the path of an image file.";
				else if (file.isFile() && first == null) {
					try {
						CheckedImages.check(file.toPath().toAbsolutePath());
					}
					catch (final IllegalArgumentException exc) {
						first = key + "=" + value + ": " + exc.getMessage();
					}
				}
			}
		}
		return first;
	}

	/** The {@code key=value} parts, a comma not followed by {@code key=} kept in its value. */
	private static List<String> joinCommasInValues(final String params) {
		final List<String> parts = new ArrayList<>();
		for (final String part : params.split(",")) {
			if (!parts.isEmpty() && !KEY.matcher(part).matches()) parts.set(parts
				.size() - 1, parts.get(parts.size() - 1) + "," + part);
			else parts.add(part);
		}
		return parts;
	}

	/** Whether {@code value} is already in double or single quotes. */
	private static boolean quoted(final String value) {
		return value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value
			.startsWith("'") && value.endsWith("'"));
	}

	private static String quote(final String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	/**
	 * Adds, for every input the parameter string leaves out, the command's own
	 * default: otherwise scijava would fill it with the value last used in a
	 * dialog on this machine, and a batch job would depend on who ran what before.
	 */
	static String withDefaults(final Context context, final CommandInfo info, final String quoted) {
		final List<String> given = new ArrayList<>();
		for (final String pair : quoted.split(",(?=[A-Za-z_]+=)"))
			if (pair.contains("=")) given.add(pair.substring(0, pair.indexOf('=')).trim());
		final ConvertService convert = context.service(ConvertService.class);
		final Module fresh;
		try {
			fresh = context.service(ModuleService.class).createModule(info);
		}
		catch (final RuntimeException exc) {
			return quoted;
		}
		final StringBuilder sb = new StringBuilder(quoted);
		for (final ModuleItem<?> item : info.inputs()) {
			if (given.contains(item.getName())) continue;
			final Class<?> type = item.getType();
			if (type == File.class && !item.isRequired()) {
				// resolved as empty, so that scijava's FilePreprocessor does not ask for it
				if (sb.length() > 0) sb.append(',');
				sb.append(item.getName()).append("=\"\"");
				continue;
			}
			if (!(type.isPrimitive() || Number.class.isAssignableFrom(type) || type == String.class ||
				type == Boolean.class)) continue;
			final Object value = fresh.getInput(item.getName());
			if (value == null) continue;
			final String text = convert.convert(value, String.class);
			if (text == null) continue;
			if (sb.length() > 0) sb.append(',');
			sb.append(item.getName()).append('=').append(quote(text));
		}
		return sb.toString();
	}

	private static void save(final Module module, final Path folder, final PrintStream out)
		throws IOException
	{
		for (final ModuleItem<?> item : module.getInfo().outputs()) {
			final Object value = module.getOutput(item.getName());
			if (value == null) continue;
			if (value instanceof ImagePlus && folder != null) {
				final ImagePlus imp = (ImagePlus) value;
				final Path file = folder.resolve(item.getName() + ".tif");
				TiffFiles.save(imp, file);
				out.println(item.getName() + ": saved " + file.toAbsolutePath());
			}
			else if (value instanceof ResultsTable && folder != null) {
				final Path file = folder.resolve(item.getName() + ".csv");
				Csv.write((ResultsTable) value, file);
				out.println(item.getName() + ": saved " + file.toAbsolutePath());
			}
			else if (value instanceof ImagePlus || value instanceof ResultsTable) {
				out.println(item.getName() + ": not saved (give --outputs DIR to save it)");
			}
			else {
				out.println(item.getName() + ": " + (value instanceof File ? ((File) value)
					.getAbsolutePath() : value));
			}
		}
	}

	private static int usageError(final String message) {
		System.err.println("autoencoderj: " + message + "\nUsage: bin/autoencoderj --run TITLE " +
			"'key=value,...' [--outputs DIR]");
		return 2;
	}

	/** Records how the command ended; kept referenced because subscriptions are weak. */
	private static final class Outcome {

		private final String className;
		private Module finished;
		private String failure;

		private Outcome(final String className) {
			this.className = className;
		}

		private boolean mine(final Module module) {
			return className.equals(module.getInfo().getDelegateClassName());
		}

		@EventHandler
		private void onFinished(final ModuleFinishedEvent event) {
			if (mine(event.getModule())) finished = event.getModule();
		}

		@EventHandler
		private void onCanceled(final ModuleCanceledEvent event) {
			if (mine(event.getModule())) failure = event.getReason() == null ? "cancelled" : event
				.getReason();
		}

		@EventHandler
		private void onErrored(final ModuleErroredEvent event) {
			if (!mine(event.getModule())) return;
			final Throwable t = event.getException();
			failure = t.getClass().getSimpleName() + ": " + t.getMessage();
		}
	}
}
