package autoencoderj.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * A dense autoencoder: every pixel of a {@code width x height} image in, the
 * encoder's hidden layers (the last one is the code), the mirrored decoder,
 * every pixel out. ReLU inside (a linear code when there are several hidden
 * layers), sigmoid out.
 */
public final class DenseSpec {

	private final int width, height;
	private final int[] hidden;
	private final Loss loss;

	/** Loss functions, by the names used in parameters and manifests. */
	public enum Loss {
		/** Binary cross-entropy: for intensities in [0, 1], as in the MNIST experiment. */
		XENT,
		/** Mean squared error. */
		MSE;

		public static Loss parse(final String name) {
			return Keys.parse(Loss.class, name, "loss");
		}

		public String key() {
			return Keys.of(this);
		}
	}

	public DenseSpec(final int width, final int height, final int[] hidden, final Loss loss) {
		if (width < 1 || height < 1) throw new IllegalArgumentException("Image size must be positive");
		if (hidden.length == 0) throw new IllegalArgumentException(
			"Give at least one hidden layer size, e.g. 50 or 128 64 32.");
		for (final int h : hidden)
			if (h < 1) throw new IllegalArgumentException("Hidden layer sizes must be positive, got " +
				Arrays.toString(hidden));
		Limits.checkDense((long) width * height, hidden);
		this.width = width;
		this.height = height;
		this.hidden = hidden.clone();
		this.loss = loss;
	}

	/**
	 * Parses hidden layer sizes written as in the {@code hidden} parameter:
	 * numbers separated by spaces (commas are accepted too, but split headless
	 * parameter strings).
	 */
	public static int[] parseHidden(final String text) {
		return parseSizes(text, "Hidden layer sizes", "50 or 128 64 32");
	}

	/**
	 * Parses positive whole numbers separated by spaces (or commas).
	 *
	 * @param what how the numbers are called in messages, e.g. {@code Filter counts}
	 * @param example what a valid value looks like
	 */
	public static int[] parseSizes(final String text, final String what, final String example) {
		final String trimmed = text == null ? "" : text.trim();
		if (trimmed.isEmpty()) throw new IllegalArgumentException(what +
			" are empty: give numbers separated by spaces, e.g. " + example + ".");
		final String[] parts = trimmed.split("[\\s,;]+");
		final int[] sizes = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				sizes[i] = Integer.parseInt(parts[i]);
			}
			catch (final NumberFormatException exc) {
				throw new IllegalArgumentException(what + " must be whole numbers separated by " +
					"spaces, e.g. " + example + "; '" + parts[i] + "' is not one.");
			}
			if (sizes[i] < 1) throw new IllegalArgumentException(what + " must be at least 1, got " +
				sizes[i]);
		}
		return sizes;
	}

	public int width() { return width; }

	public int height() { return height; }

	public int pixels() { return width * height; }

	/** Encoder layer sizes; the last is the code size. */
	public int[] hidden() { return hidden.clone(); }


	public Loss loss() { return loss; }

	/** E.g. {@code 784-128-64-128-784}. */
	public String describe() {
		final StringBuilder sb = new StringBuilder().append(pixels());
		for (final int h : hidden)
			sb.append('-').append(h);
		for (int i = hidden.length - 2; i >= 0; i--)
			sb.append('-').append(hidden[i]);
		return sb.append('-').append(pixels()).toString();
	}
}
