package autoencoderj.model;

/**
 * A model applied to an image it was not made for; the message says what
 * differs and what to do.
 */
public class ModelMismatchException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public ModelMismatchException(final String message) {
		super(message);
	}
}
