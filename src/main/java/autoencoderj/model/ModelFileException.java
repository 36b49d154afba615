package autoencoderj.model;

import java.io.IOException;

/**
 * A model file that cannot be used: missing, corrupt, not an AutoencoderJ
 * model, written by a newer version, or not fitting the image it is applied
 * to. The message names the file, the problem and the fix.
 */
public class ModelFileException extends IOException {

	private static final long serialVersionUID = 1L;

	public ModelFileException(final String message) {
		super(message);
	}

	public ModelFileException(final String message, final Throwable cause) {
		super(message, cause);
	}

	/**
	 * Text taken from a user's file, fit for a message: characters outside
	 * printable ASCII as {@code ?} (a crafted name must not reach a terminal
	 * or a dialog as control characters), at most {@code max} of them.
	 */
	static String excerpt(final String text, final int max) {
		final String p = text.replaceAll("[^\\x20-\\x7e]", "?");
		return p.length() > max ? p.substring(0, max) + "..." : p;
	}
}
