package autoencoderj.command;

import autoencoderj.engine.training.RateSchedule;
import autoencoderj.model.Keys;

/** The training commands' text keys whose values are more than one word or a choice with a default. */
final class SettingKeys {

	private SettingKeys() {}

	/**
	 * Parses percentiles written as two numbers ({@code 1 99.8}); empty or
	 * {@code auto} gives {@code null}, the architecture's default.
	 */
	public static double[] parsePercentiles(final String text) {
		final String t = text == null ? "" : text.trim();
		if (t.isEmpty() || t.equalsIgnoreCase("auto")) return null;
		final String[] parts = t.split("[\\s,;]+");
		try {
			if (parts.length == 2) return new double[] { Double.parseDouble(parts[0]), Double
				.parseDouble(parts[1]) };
		}
		catch (final NumberFormatException exc) {
			// falls through to the message
		}
		throw new IllegalArgumentException("Percentiles must be two numbers separated by a space, " +
			"e.g. 1 99.8 (or auto); got '" + text + "'.");
	}

	/**
	 * {@code schedule=constant|cosine|plateau}; empty or {@code auto} gives
	 * {@code null}, the default.
	 */
	public static RateSchedule.Kind parseSchedule(final String text) {
		final String t = text == null ? "" : text.trim();
		return t.isEmpty() || t.equalsIgnoreCase("auto") ? null : Keys.parse(RateSchedule.Kind.class,
			t, "schedule");
	}

	/**
	 * {@code 2d} (planes) or {@code 3d} (volumes), as the {@code dimensions} key gives them.
	 *
	 * @return whether they are volumes
	 */
	public static boolean parseDimensions(final String text) {
		final String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
		if (t.equals("2d") || t.isEmpty()) return false;
		if (t.equals("3d")) return true;
		throw new IllegalArgumentException("Unknown dimensions '" + text + "': use 2d or 3d.");
	}
}
