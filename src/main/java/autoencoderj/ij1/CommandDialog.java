package autoencoderj.ij1;

import java.awt.Component;
import java.awt.Label;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Plot;
import ij.gui.PlotWindow;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.widget.FileWidget;

/**
 * An ImageJ 1.x {@link GenericDialog} built from a SciJava command's
 * parameters. Each field's label starts with the parameter's name
 * ({@link FieldLabels}), which ImageJ makes the macro key, so the recorder
 * records {@code run("Title", "key=value ...")} with the command's own keys,
 * and a macro's options are read back (through {@code Macro.getValue}) by the
 * same dialog without showing it. Values are converted to the parameters'
 * types by scijava's {@link ConvertService}.
 * <p>
 * Shown to a user, the dialog starts from the values last used in it
 * ({@link DialogMemory}) and offers the model last written; fields that do not
 * apply to the current choices are greyed out; Help lists every field's
 * description (AWT fields have no tooltips); only images, not plots, are
 * offered as images. Read by a macro, every key left out takes the
 * command's documented default and nothing is remembered.
 * </p>
 */
final class CommandDialog {

	private CommandDialog() {}

	/** Inputs a dialog can show: images, files, text, choices, numbers, switches. */
	static boolean supported(final ModuleItem<?> item) {
		final Class<?> t = item.getType();
		return t == ImagePlus.class || t == File.class || t == String.class || t == boolean.class ||
			t == Boolean.class || t.isPrimitive() || Number.class.isAssignableFrom(t);
	}

	/**
	 * Asks for the inputs (or reads them from the running macro's options).
	 *
	 * @return the values by parameter name, or {@code null} if the user cancelled
	 *         or an image is needed and none is open
	 */
	static Map<String, Object> ask(final Context context, final CommandInfo info) {
		final Module defaults = context.service(ModuleService.class).createModule(info);
		final List<ModuleItem<?>> items = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs())
			if (supported(item)) items.add(item);
		if (items.isEmpty()) return new LinkedHashMap<>();
		final boolean shown = Macro.getOptions() == null;
		final DialogMemory memory = new DialogMemory(info.getDelegateClassName());
		final GenericDialog gd = new GenericDialog(info.getTitle());
		final Map<ModuleItem<?>, Component[]> fields = new LinkedHashMap<>();
		for (final ModuleItem<?> item : items) {
			final String name = item.getName();
			final String label = FieldLabels.of(item);
			final Object value = shown ? memory.value(item, defaults.getInput(name)) : defaults.getInput(
				name);
			final Class<?> t = item.getType();
			if (t == ImagePlus.class) {
				final String[] titles = images(shown);
				if (titles.length == 0) {
					IJ.error(info.getTitle(), info.getTitle() + " needs an open image: open one first.");
					return null;
				}
				final ImagePlus current = WindowManager.getCurrentImage();
				gd.addChoice(label, titles, current == null ? titles[0] : current.getTitle());
				fields.put(item, added(gd, gd.getChoices()));
			}
			else if (t == File.class) {
				final String path = value == null ? "" : ((File) value).getPath();
				if (FileWidget.DIRECTORY_STYLE.equals(item.getWidgetStyle())) gd.addDirectoryField(label,
					path);
				else gd.addFileField(label, path);
				fields.put(item, added(gd, gd.getStringFields()));
			}
			else if (t == String.class && item.getChoices() != null && !item.getChoices().isEmpty()) {
				final List<String> choices = FieldLabels.choices(item);
				final String v = value == null ? null : String.valueOf(value);
				gd.addChoice(label, choices.toArray(new String[0]), choices.contains(v) ? v : choices.get(0));
				fields.put(item, added(gd, gd.getChoices()));
			}
			else if (t == String.class) {
				gd.addStringField(label, value == null ? "" : (String) value, 20);
				fields.put(item, added(gd, gd.getStringFields()));
			}
			else if (t == boolean.class || t == Boolean.class) {
				gd.addCheckbox(label, Boolean.TRUE.equals(value));
				fields.put(item, new Component[] { (Component) gd.getCheckboxes().lastElement() });
			}
			else {
				final double v = value == null ? 0 : ((Number) value).doubleValue();
				final boolean whole = t == int.class || t == long.class || t == Integer.class ||
					t == Long.class;
				gd.addNumericField(label, v, whole ? 0 : decimals(v));
				fields.put(item, added(gd, gd.getNumericFields()));
			}
		}
		gd.addHelp(FieldLabels.help(info, items, defaults));
		final Applicability applicability = new Applicability(fields);
		gd.addDialogListener((dialog, event) -> {
			applicability.update();
			return true;
		});
		applicability.update();
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		final ConvertService convert = context.service(ConvertService.class);
		final Map<String, Object> inputs = new LinkedHashMap<>();
		for (final ModuleItem<?> item : items) {
			final Class<?> t = item.getType();
			final Object raw;
			if (t == ImagePlus.class) raw = WindowManager.getImage(gd.getNextChoice());
			else if (t == File.class) {
				final String path = gd.getNextString();
				raw = path.isEmpty() ? null : new File(path);
			}
			else if (t == String.class && item.getChoices() != null && !item.getChoices().isEmpty()) raw =
				gd.getNextChoice();
			else if (t == String.class) raw = gd.getNextString();
			else if (t == boolean.class || t == Boolean.class) raw = gd.getNextBoolean();
			else raw = gd.getNextNumber();
			inputs.put(item.getName(), raw == null || t.isInstance(raw) ? raw : convert.convert(raw, t));
		}
		if (shown) memory.remember(inputs);
		return inputs;
	}

	/**
	 * Titles of the open images a command may take: every one for a macro
	 * (which names its image), and for a user all but plots (a loss plot is not
	 * training data).
	 */
	private static String[] images(final boolean shown) {
		final List<String> titles = new ArrayList<>();
		final int[] ids = WindowManager.getIDList();
		if (ids != null) for (final int id : ids) {
			final ImagePlus imp = WindowManager.getImage(id);
			if (imp == null) continue;
			if (shown && (imp.getProperty(Plot.PROPERTY_KEY) != null || imp
				.getWindow() instanceof PlotWindow)) continue;
			titles.add(imp.getTitle());
		}
		return titles.toArray(new String[0]);
	}

	/** The field just added and its label, as components to grey out together. */
	private static Component[] added(final GenericDialog gd, final java.util.Vector<?> vector) {
		final Component field = (Component) vector.lastElement();
		final Label label = gd.getLabel();
		return label == null ? new Component[] { field } : new Component[] { field, label };
	}

	/** Enough decimals to show {@code v} without rounding it away (1e-3 needs 3). */
	private static int decimals(final double v) {
		for (int d = 0; d < 9; d++)
			if (Math.abs(v * Math.pow(10, d) - Math.rint(v * Math.pow(10, d))) < 1e-9) return d;
		return 9;
	}
}
