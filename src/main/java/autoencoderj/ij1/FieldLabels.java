package autoencoderj.ij1;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.Macro;

import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;

/**
 * What an ImageJ 1.x dialog shows for a command's parameters. ImageJ takes a
 * field's macro key from the first word of its label, so a label must start
 * with the parameter's name: the commands' labels are written that way
 * ("Epochs", "Batch size", "Masked fraction (blind-spot)"), and the few that
 * cannot be get the name in front. A label ending in a choice in brackets,
 * such as "(blind-spot)", applies only while a choice field of the same dialog
 * shows that choice (see {@link #condition}).
 */
final class FieldLabels {

	private FieldLabels() {}

	/** The label: the parameter's own where its first word is its name, else {@code name: label}. */
	static String of(final ModuleItem<?> item) {
		final String name = item.getName(), label = item.getLabel();
		if (label == null || label.isEmpty()) return name;
		return Macro.trimKey(label).equals(name.toLowerCase(Locale.US)) ? label : name + ": " +
			lowerFirst(label);
	}

	private static String lowerFirst(final String s) {
		return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s
			.charAt(1)) ? Character.toLowerCase(s.charAt(0)) + s.substring(1) : s;
	}

	/**
	 * The choice a field applies to, from its label's last bracket ("Masked
	 * fraction (blind-spot)" gives {@code blind-spot}), or {@code null}.
	 */
	static String condition(final ModuleItem<?> item) {
		final String label = item.getLabel();
		if (label == null || !label.endsWith(")") || label.lastIndexOf('(') < 0) return null;
		final String inside = label.substring(label.lastIndexOf('(') + 1, label.length() - 1).trim();
		final int space = inside.indexOf(' ');
		return (space < 0 ? inside : inside.substring(0, space)).toLowerCase(Locale.ROOT);
	}

	/** The Help button's page: the command's description and every field's. */
	static String help(final CommandInfo info, final List<ModuleItem<?>> items,
		final org.scijava.module.Module defaults)
	{
		final StringBuilder html = new StringBuilder("<html><h2>").append(escape(info.getTitle()))
			.append("</h2>");
		if (info.getDescription() != null && !info.getDescription().isEmpty()) html.append("<p>")
			.append(escape(info.getDescription())).append("</p>");
		html.append("<p>In a macro, each field is <tt>key=value</tt>, the key in bold; a field " +
			"left out takes the value shown in brackets.</p><dl>");
		for (final ModuleItem<?> item : items) {
			html.append("<dt><b>").append(item.getName()).append("</b>: ").append(escape(of(item)));
			final Object value = defaults.getInput(item.getName());
			if (value != null && !(value instanceof java.io.File) && !(value instanceof ij.ImagePlus))
				html.append(" [").append(escape(String.valueOf(value))).append("]");
			html.append("</dt>");
			if (item.getDescription() != null && !item.getDescription().isEmpty()) html.append("<dd>")
				.append(escape(item.getDescription())).append("</dd>");
		}
		return html.append("</dl></html>").toString();
	}

	/** The choices a choice field offers, as words. */
	static List<String> choices(final ModuleItem<?> item) {
		final List<String> choices = new ArrayList<>();
		if (item.getChoices() != null) for (final Object c : item.getChoices())
			choices.add(String.valueOf(c));
		return choices;
	}

	private static String escape(final String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
