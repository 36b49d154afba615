package autoencoderj.data;

import java.io.IOException;

/** A file that is not a valid IDX file of the expected kind; the message says why. */
public class IdxFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	public IdxFormatException(final String message) {
		super(message);
	}
}
