package autoencoderj.model;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Enum constants as the words users and model files use: {@code IMAGE_TO_IMAGE}
 * is {@code image-to-image}. One place for the spelling and the message.
 */
public final class Keys {

	private Keys() {}

	/** The word for {@code e}: lower case, {@code _} as {@code -}. */
	public static String of(final Enum<?> e) {
		return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The constant whose word is {@code text} (case and surrounding spaces ignored).
	 *
	 * @param what how the value is called in the message, e.g. {@code loss}
	 * @throws IllegalArgumentException naming the value and the words allowed
	 */
	public static <E extends Enum<E>> E parse(final Class<E> type, final String text,
		final String what)
	{
		for (final E e : type.getEnumConstants())
			if (text != null && of(e).equals(text.trim().toLowerCase(Locale.ROOT))) return e;
		throw new IllegalArgumentException("Unknown " + what + " '" + text + "': use " + words(type) +
			".");
	}

	/** {@code true} or {@code false}, as {@link #parse} reads words. */
	public static boolean parseBoolean(final String text, final String what) {
		final String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		if (t.equals("true") || t.equals("false")) return t.equals("true");
		throw new IllegalArgumentException("Unknown " + what + " '" + text + "': use true or false.");
	}

	/** The words of all constants, e.g. {@code dense or convolutional}. */
	public static String words(final Class<? extends Enum<?>> type) {
		final String[] w = Stream.of(type.getEnumConstants()).map(Keys::of).toArray(String[]::new);
		return w.length == 1 ? w[0] : Stream.of(w).limit(w.length - 1).collect(Collectors.joining(
			", ")) + " or " + w[w.length - 1];
	}

	/** The words of all constants, for checks. */
	public static String[] all(final Class<? extends Enum<?>> type) {
		return Stream.of(type.getEnumConstants()).map(Keys::of).toArray(String[]::new);
	}
}
