package autoencoderj.ij1;

import java.awt.Choice;
import java.awt.Component;
import java.util.LinkedHashMap;
import java.util.Map;

import org.scijava.module.ModuleItem;

/**
 * Greys out the fields that do not apply to a dialog's current choices: a
 * field whose label ends in "(blind-spot)" applies while a choice field that
 * offers {@code blind-spot} shows it, and that field itself applies
 * ({@link FieldLabels#condition}). A choice showing {@code auto} leaves the
 * fields of every choice it may become enabled. AWT can grey a field out but
 * not hide it without redoing the dialog's layout, so fields stay in place.
 */
final class Applicability {

	private final Map<ModuleItem<?>, Component[]> fields;
	/** For each condition word, the choice field that offers it. */
	private final Map<String, ModuleItem<?>> controls = new LinkedHashMap<>();

	Applicability(final Map<ModuleItem<?>, Component[]> fields) {
		this.fields = fields;
		for (final ModuleItem<?> item : fields.keySet())
			if (fields.get(item)[0] instanceof Choice) for (final String c : FieldLabels.choices(item))
				controls.putIfAbsent(c.toLowerCase(java.util.Locale.ROOT), item);
	}

	/** Enables each field as the current choices allow. */
	void update() {
		for (final Map.Entry<ModuleItem<?>, Component[]> e : fields.entrySet()) {
			final boolean on = applies(e.getKey(), 0);
			for (final Component c : e.getValue())
				if (c.isEnabled() != on) c.setEnabled(on);
		}
	}

	/** Whether {@code item} applies; {@code depth} guards against conditions that name each other. */
	boolean applies(final ModuleItem<?> item, final int depth) {
		final String condition = FieldLabels.condition(item);
		final ModuleItem<?> control = condition == null ? null : controls.get(condition);
		if (control == null || control == item || depth > 4) return true;
		final String shown = ((Choice) fields.get(control)[0]).getSelectedItem();
		return (condition.equalsIgnoreCase(shown) || "auto".equalsIgnoreCase(shown)) && applies(control,
			depth + 1);
	}
}
