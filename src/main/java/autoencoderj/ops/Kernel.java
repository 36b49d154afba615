package autoencoderj.ops;

import java.util.Locale;

/**
 * A small 2-D kernel, written as rows separated by semicolons and values by
 * spaces ({@code 1 2 1; 2 4 2; 1 2 1}), or named by a preset.
 */
public final class Kernel {

	/** Preset names and their text. */
	public static final String[][] PRESETS = { //
		{ "bilinear", "0.25 0.5 0.25; 0.5 1 0.5; 0.25 0.5 0.25" }, //
		{ "box", "1 1; 1 1" }, //
		{ "binomial", "1 2 1; 2 4 2; 1 2 1" }, //
		{ "edge", "0 -1 0; -1 4 -1; 0 -1 0" }, //
		{ "asymmetric", "1 2; 3 4" } };

	private final int width, height;
	private final float[] values;

	public Kernel(final int width, final int height, final float[] values) {
		if (values.length != width * height) throw new IllegalArgumentException(
			"A " + width + "x" + height + " kernel needs " + width * height + " values");
		this.width = width;
		this.height = height;
		this.values = values.clone();
	}

	/**
	 * Parses {@code 1 2 1; 2 4 2; 1 2 1} or a preset name.
	 *
	 * @throws IllegalArgumentException saying what is wrong and how to write it
	 */
	public static Kernel parse(final String text) {
		final String t = text == null ? "" : text.trim();
		for (final String[] preset : PRESETS)
			if (preset[0].equals(t.toLowerCase(Locale.ROOT))) return parse(preset[1]);
		final String hint = " Write rows separated by ';' and values by spaces, e.g. '1 2 1; 2 4 2; " +
			"1 2 1', or name a preset: bilinear, box, binomial, edge, asymmetric.";
		if (t.isEmpty()) throw new IllegalArgumentException("The kernel is empty." + hint);
		final String[] rows = t.split(";");
		final int width = rows[0].trim().split("[\\s,]+").length;
		final float[] values = new float[width * rows.length];
		for (int r = 0; r < rows.length; r++) {
			final String[] cells = rows[r].trim().split("[\\s,]+");
			if (cells.length != width || rows[r].trim().isEmpty()) throw new IllegalArgumentException(
				"The kernel's row " + (r + 1) + " has " + (rows[r].trim().isEmpty() ? 0 : cells.length) +
					" values but row 1 has " + width + ": every row needs the same number." + hint);
			for (int c = 0; c < width; c++) {
				try {
					values[r * width + c] = Float.parseFloat(cells[c]);
				}
				catch (final NumberFormatException exc) {
					throw new IllegalArgumentException("'" + cells[c] + "' in the kernel is not a number." +
						hint);
				}
			}
		}
		return new Kernel(width, rows.length, values);
	}

	public int width() { return width; }

	public int height() { return height; }

	/** Value at column {@code x}, row {@code y}. */
	public float get(final int x, final int y) {
		return values[y * width + x];
	}

	public float[] values() { return values.clone(); }

	/** Rotated by 180 degrees: how a convolution applies it. */
	public Kernel flipped() {
		final float[] f = new float[values.length];
		for (int i = 0; i < f.length; i++)
			f[i] = values[values.length - 1 - i];
		return new Kernel(width, height, f);
	}
}
