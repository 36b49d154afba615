package autoencoderj.ij1;

import java.io.File;
import java.util.Map;

import ij.ImagePlus;
import ij.Prefs;

import org.scijava.module.ModuleItem;
import org.scijava.widget.FileWidget;

/**
 * The values a user last gave a command's dialog, kept in ImageJ's
 * preferences (written when ImageJ quits), so that a dialog reopened after an
 * error or in the next session starts from them. Only dialogs a user filled in
 * are remembered; a macro's options never are, and never read back.
 * The model a training command wrote last in this session is offered to the
 * next dialog that opens a model.
 */
final class DialogMemory {

	private static volatile String lastModelWritten;

	private final String prefix;

	DialogMemory(final String commandClass) {
		prefix = "autoencoderj." + commandClass.substring(commandClass.lastIndexOf('.') + 1) + ".";
	}

	/** Remembers the model file a command wrote, for the next dialog that opens one. */
	static void modelWritten(final String path) {
		lastModelWritten = path;
	}

	/** The value to show: the model just written, the last one given, else {@code fallback}. */
	Object value(final ModuleItem<?> item, final Object fallback) {
		final Class<?> t = item.getType();
		if (t == File.class && "model".equals(item.getName()) && FileWidget.OPEN_STYLE.equals(item
			.getWidgetStyle()) && lastModelWritten != null) return new File(lastModelWritten);
		if (t == ImagePlus.class) return fallback;
		final String text = Prefs.get(prefix + item.getName(), null);
		if (text == null) return fallback;
		try {
			if (t == File.class) return text.isEmpty() ? null : new File(text);
			if (t == String.class) return text;
			if (t == boolean.class || t == Boolean.class) return Boolean.valueOf(text);
			if (t == int.class || t == Integer.class) return Integer.valueOf(text);
			if (t == long.class || t == Long.class) return Long.valueOf(text);
			return Double.valueOf(text);
		}
		catch (final NumberFormatException exc) {
			return fallback;
		}
	}

	/** Keeps the values a user gave, images excepted. */
	void remember(final Map<String, Object> inputs) {
		for (final Map.Entry<String, Object> e : inputs.entrySet()) {
			final Object v = e.getValue();
			if (v instanceof ImagePlus) continue;
			Prefs.set(prefix + e.getKey(), v == null ? "" : v instanceof File ? ((File) v).getPath()
				: String.valueOf(v));
		}
	}
}
