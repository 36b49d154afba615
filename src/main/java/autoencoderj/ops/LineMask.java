package autoencoderj.ops;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * structN2V's mask (Broaddus et al. 2020): with every blind spot, the line of
 * {@code length} pixels through it along one image axis is hidden too, for
 * noise correlated along that axis (sCMOS read-out stripes, scan lines), which
 * a network would otherwise predict from the blind spot's neighbours on the
 * line. Written as the axis and the length: {@code x5}, {@code y9}.
 */
public final class LineMask {

	/** Longest line: beyond it, a correlation is a background, not noise. */
	public static final int MAX_LENGTH = 31;

	private static final Pattern KEY = Pattern.compile("([xy])(\\d{1,3})");

	private final boolean alongX;
	private final int length;

	private LineMask(final boolean alongX, final int length) {
		this.alongX = alongX;
		this.length = length;
	}

	/**
	 * The mask a {@code structure} key names, or {@code null} for {@code none}
	 * (or empty).
	 *
	 * @throws IllegalArgumentException naming the forms allowed
	 */
	public static LineMask parse(final String text) {
		final String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		if (t.isEmpty() || t.equals("none")) return null;
		final Matcher m = KEY.matcher(t);
		if (m.matches()) {
			final int length = Integer.parseInt(m.group(2));
			if (length >= 3 && length % 2 == 1 && length <= MAX_LENGTH) return new LineMask(m.group(1)
				.equals("x"), length);
		}
		throw new IllegalArgumentException("Unknown structure '" + text + "': use none, or x or y " +
			"followed by an odd line length from 3 to " + MAX_LENGTH + " covering the noise's " +
			"correlation (e.g. x9 for noise correlated over 4 pixels on each side along rows).");
	}

	/** Whether the line runs along the image's x axis (rows), else along y (columns). */
	public boolean alongX() {
		return alongX;
	}

	/** Pixels of the line, the blind spot in its middle. */
	public int length() {
		return length;
	}

	/** Pixels on each side of the blind spot. */
	public int reach() {
		return length / 2;
	}

	/** As the key writes it: {@code x5}. */
	public String key() {
		return (alongX ? "x" : "y") + length;
	}

	@Override
	public String toString() {
		return key();
	}
}
