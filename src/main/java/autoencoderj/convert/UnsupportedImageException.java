package autoencoderj.convert;

/**
 * An image that AutoencoderJ cannot work on, with a message that says why and
 * what to do about it. Commands show the message to the user as it is.
 */
public class UnsupportedImageException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public UnsupportedImageException(final String message) {
		super(message);
	}
}
