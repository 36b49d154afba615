package autoencoderj.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;

/**
 * A corruption for the denoising objective, applied to normalised
 * intensities. Implementations draw only from the random source they are
 * given, so a seeded source gives the same noise every time.
 */
public interface Noise {

	/** The corrupted copy of {@code clean}; {@code clean} is not changed. */
	INDArray apply(INDArray clean, Random random);

	/** How the noise is written in parameters and manifests, e.g. {@code gaussian}. */
	String type();

	/** Gaussian strength in normalised units; 0 when there is no Gaussian part. */
	double sigma();

	/** Poisson scale (photons at normalised intensity 1); 0 when there is no Poisson part. */
	default double photons() {
		return 0;
	}
}
