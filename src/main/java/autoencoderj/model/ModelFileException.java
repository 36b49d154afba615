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
}
