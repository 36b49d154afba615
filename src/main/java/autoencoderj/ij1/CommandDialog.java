package autoencoderj.ij1;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.widget.FileWidget;

/**
 * An ImageJ 1.x {@link GenericDialog} built from a SciJava command's
 * parameters. Each field's label starts with the parameter's name, which
 * ImageJ makes the macro key, so the recorder records
 * {@code run("Title", "key=value ...")} with the command's own keys, and a
 * macro's options are read back (through {@code Macro.getValue}) by the same
 * dialog without showing it. Values are converted to the parameters' types by
 * scijava's {@link ConvertService}.
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
		final GenericDialog gd = new GenericDialog(info.getTitle());
		for (final ModuleItem<?> item : items) {
			final String name = item.getName();
			final String label = item.getLabel() == null || item.getLabel().isEmpty() || item.getLabel()
				.equalsIgnoreCase(name) ? name : name + " (" + item.getLabel() + ")";
			final Object value = defaults.getInput(name);
			final Class<?> t = item.getType();
			if (t == ImagePlus.class) {
				if (WindowManager.getImageCount() == 0) {
					IJ.error(info.getTitle(), info.getTitle() + " needs an open image: open one first.");
					return null;
				}
				gd.addImageChoice(name, WindowManager.getCurrentImage() == null ? null : WindowManager
					.getCurrentImage().getTitle());
			}
			else if (t == File.class) {
				final String path = value == null ? "" : ((File) value).getPath();
				if (FileWidget.DIRECTORY_STYLE.equals(item.getWidgetStyle())) gd.addDirectoryField(label,
					path);
				else gd.addFileField(label, path);
			}
			else if (t == String.class && item.getChoices() != null && !item.getChoices().isEmpty()) {
				final List<String> choices = new ArrayList<>();
				for (final Object c : item.getChoices())
					choices.add(String.valueOf(c));
				gd.addChoice(label, choices.toArray(new String[0]), value == null ? choices.get(0)
					: String.valueOf(value));
			}
			else if (t == String.class) gd.addStringField(label, value == null ? "" : (String) value, 20);
			else if (t == boolean.class || t == Boolean.class) gd.addCheckbox(label, Boolean.TRUE.equals(
				value));
			else {
				final double v = value == null ? 0 : ((Number) value).doubleValue();
				final boolean whole = t == int.class || t == long.class || t == Integer.class ||
					t == Long.class;
				gd.addNumericField(label, v, whole ? 0 : decimals(v));
			}
		}
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		final ConvertService convert = context.service(ConvertService.class);
		final Map<String, Object> inputs = new LinkedHashMap<>();
		for (final ModuleItem<?> item : items) {
			final Class<?> t = item.getType();
			final Object raw;
			if (t == ImagePlus.class) raw = gd.getNextImage();
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
		return inputs;
	}

	/** Enough decimals to show {@code v} without rounding it away (1e-3 needs 3). */
	private static int decimals(final double v) {
		for (int d = 0; d < 9; d++)
			if (Math.abs(v * Math.pow(10, d) - Math.rint(v * Math.pow(10, d))) < 1e-9) return d;
		return 9;
	}
}
