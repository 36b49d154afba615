package autoencoderj.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A corruption for the denoising objective, applied to normalised
 * intensities. Implementations draw only from the random source they are
 * given, so a seeded source gives the same noise every time.
 */
public interface Noise {

	/**
	 * Corrupts {@code values[from..to)} in place. The noise depends only on
	 * {@code key} and the number of values, so the same key gives the same
	 * noise.
	 */
	void corrupt(float[] values, int from, int to, long key);

	/**
	 * The corrupted copy of {@code clean}, keyed by the next number of
	 * {@code random}; {@code clean} is not changed.
	 */
	default INDArray apply(final INDArray clean, final Random random) {
		final float[] values = clean.dup('c').data().asFloat();
		corrupt(values, 0, values.length, random.nextLong());
		return Nd4j.create(values, clean.shape(), 'c');
	}

	/** How the noise is written in parameters and manifests, e.g. {@code gaussian}. */
	String type();

	/** Gaussian strength in normalised units; 0 when there is no Gaussian part. */
	double sigma();

	/** Poisson scale (photons at normalised intensity 1); 0 when there is no Poisson part. */
	default double photons() {
		return 0;
	}
}
