package autoencoderj.ops;

import java.util.Locale;
import java.util.SplittableRandom;


/** The noise models, by the names used in parameters and manifests. */
public final class Noises {

	private Noises() {}

	/**
	 * @param type {@code none}, {@code gaussian}, {@code poisson} or {@code poisson-gaussian}
	 * @param sigma Gaussian standard deviation in normalised units
	 * @param photons Poisson scale: expected photon count at normalised intensity 1
	 * @param clip whether to clip results to [0, 1], as for a sigmoid output
	 */
	public static Noise create(final String type, final double sigma, final double photons,
		final boolean clip)
	{
		switch (type.toLowerCase(Locale.ROOT)) {
			case "none":
				return none();
			case "gaussian":
				checkSigma(sigma);
				return gaussian(sigma, clip);
			case "poisson":
				checkPhotons(photons);
				return poissonGaussian(photons, 0, clip);
			case "poisson-gaussian":
				checkSigma(sigma);
				checkPhotons(photons);
				return poissonGaussian(photons, sigma, clip);
			default:
				throw new IllegalArgumentException("Unknown noise '" + type +
					"': use none, gaussian, poisson or poisson-gaussian.");
		}
	}

	/** {@link #create(String, double, double, boolean)} without a Poisson part. */
	public static Noise create(final String type, final double sigma, final boolean clip) {
		return create(type, sigma, 0, clip);
	}

	private static void checkSigma(final double sigma) {
		if (!(sigma > 0)) throw new IllegalArgumentException("Gaussian noise needs sigma > 0 " +
			"(in normalised units; 0.5 is the MNIST experiment), got " + sigma + ".");
	}

	private static void checkPhotons(final double photons) {
		if (!(photons > 0)) throw new IllegalArgumentException("Poisson noise needs photons > 0 " +
			"(the expected count at normalised intensity 1; fewer photons, more noise), got " +
			photons + ".");
	}

	/**
	 * Shot noise, {@code Poisson(photons * max(x, 0)) / photons}, plus Gaussian
	 * read noise of standard deviation {@code sigma} (none when 0). Poisson draws
	 * use Knuth's method below a mean of 30 and a rounded normal approximation
	 * above, from a Java generator seeded by the key, so that they are
	 * reproducible too; the Gaussian part comes from {@link Gaussians}.
	 */
	public static Noise poissonGaussian(final double photons, final double sigma,
		final boolean clip)
	{
		return new Noise() {

			@Override
			public void corrupt(final float[] values, final int from, final int to, final long key) {
				final SplittableRandom r = new SplittableRandom(key);
				for (int i = from; i < to; i++)
					values[i] = (float) (poisson(r, photons * Math.max(values[i], 0)) / photons);
				if (sigma > 0) Gaussians.add(values, from, to, (float) sigma, ~key);
				if (clip) clipToUnit(values, from, to);
			}

			@Override
			public String type() { return sigma > 0 ? "poisson-gaussian" : "poisson"; }

			@Override
			public double sigma() { return sigma; }

			@Override
			public double photons() { return photons; }
		};
	}

	static double poisson(final SplittableRandom r, final double mean) {
		if (mean <= 0) return 0;
		if (mean > 30) {
			final double z = gaussian(r);
			return Math.max(0, Math.rint(mean + Math.sqrt(mean) * z));
		}
		final double limit = Math.exp(-mean);
		double p = 1;
		int k = -1;
		do {
			k++;
			p *= r.nextDouble();
		}
		while (p > limit);
		return k;
	}

	private static double gaussian(final SplittableRandom r) {
		double u, v, s;
		do {
			u = 2 * r.nextDouble() - 1;
			v = 2 * r.nextDouble() - 1;
			s = u * u + v * v;
		}
		while (s >= 1 || s == 0);
		return u * Math.sqrt(-2 * Math.log(s) / s);
	}

	private static void clipToUnit(final float[] values, final int from, final int to) {
		for (int i = from; i < to; i++)
			values[i] = Math.min(1f, Math.max(0f, values[i]));
	}

	/** The plain objective: the input is the target. */
	public static Noise none() {
		return new Noise() {

			@Override
			public void corrupt(final float[] values, final int from, final int to, final long key) {
				// the plain objective: the input is the target
			}

			@Override
			public String type() { return "none"; }

			@Override
			public double sigma() { return 0; }
		};
	}

	/** Additive Gaussian noise ({@link Gaussians}), optionally clipped to [0, 1]. */
	public static Noise gaussian(final double sigma, final boolean clip) {
		return new Noise() {

			@Override
			public void corrupt(final float[] values, final int from, final int to, final long key) {
				Gaussians.add(values, from, to, (float) sigma, key);
				if (clip) clipToUnit(values, from, to);
			}

			@Override
			public String type() { return "gaussian"; }

			@Override
			public double sigma() { return sigma; }
		};
	}
}
