package autoencoderj.ops;

import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The noise models, by the names used in parameters and manifests. */
public final class Noises {

	private Noises() {}

	/**
	 * @param type {@code none} or {@code gaussian}
	 * @param sigma standard deviation in normalised units
	 * @param clip whether to clip results to [0, 1], as for a sigmoid output
	 */
	public static Noise create(final String type, final double sigma, final boolean clip) {
		switch (type.toLowerCase(Locale.ROOT)) {
			case "none":
				return none();
			case "gaussian":
				if (!(sigma > 0)) throw new IllegalArgumentException(
					"Gaussian noise needs sigma > 0 (in normalised units; 0.5 is the MNIST experiment), got " +
						sigma);
				return gaussian(sigma, clip);
			default:
				throw new IllegalArgumentException("Unknown noise '" + type +
					"': use none or gaussian.");
		}
	}

	/** The plain objective: the input is the target. */
	public static Noise none() {
		return new Noise() {

			@Override
			public INDArray apply(final INDArray clean, final Random random) {
				return clean.dup();
			}

			@Override
			public String type() { return "none"; }

			@Override
			public double sigma() { return 0; }
		};
	}

	/** Additive Gaussian noise, optionally clipped to [0, 1]. */
	public static Noise gaussian(final double sigma, final boolean clip) {
		return new Noise() {

			@Override
			public INDArray apply(final INDArray clean, final Random random) {
				final INDArray noisy = Nd4j.createUninitialized(clean.dataType(), clean.shape(),
					clean.ordering());
				Nd4j.getExecutioner().exec(new GaussianDistribution(noisy, 0, sigma), random);
				noisy.addi(clean);
				if (clip) {
					Transforms.max(noisy, 0, false);
					Transforms.min(noisy, 1, false);
				}
				return noisy;
			}

			@Override
			public String type() { return "gaussian"; }

			@Override
			public double sigma() { return sigma; }
		};
	}
}
