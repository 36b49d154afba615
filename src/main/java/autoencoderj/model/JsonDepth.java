package autoencoderj.model;

import java.nio.file.Path;

/**
 * Refuses JSON nested deeper than any file AutoencoderJ writes, before a
 * recursive parser sees it: 100,000 nested arrays would overflow its stack.
 */
final class JsonDepth {

	/** Deepest nesting accepted; the files AutoencoderJ writes nest about 10 deep. */
	static final int MAX_DEPTH = 64;

	private JsonDepth() {}

	static void check(final byte[] json, final Path path) throws ModelFileException {
		int depth = 0;
		boolean string = false, escaped = false;
		for (final byte b : json) {
			if (string) {
				if (escaped) escaped = false;
				else if (b == '\\') escaped = true;
				else if (b == '"') string = false;
			}
			else if (b == '"') string = true;
			else if (b == '[' || b == '{') {
				if (++depth > MAX_DEPTH) throw new ModelFileException("The model file " + path + " holds " +
					"JSON nested more than " + MAX_DEPTH + " deep, which AutoencoderJ never writes: it was " +
					"altered or made elsewhere, and was not opened. Use a model written by Train Autoencoder.");
			}
			else if (b == ']' || b == '}') depth--;
		}
	}
}
