package autoencoderj.model;

import java.util.Arrays;

/**
 * The one definition of the networks AutoencoderJ makes and opens: training
 * refuses, before it starts, any value its model loader would refuse, and the
 * loader compares a file with these limits before it builds anything.
 * Generous for real work, small against what a crafted file could ask for.
 */
public final class Limits {

	/** Widest dense layer, most dense hidden layers, most convolutional blocks. */
	public static final int MAX_UNITS = 1 << 16, MAX_DENSE_LAYERS = 8, MAX_BLOCKS = 6;
	/** Most filters in a block, most channels, largest side of a patch or dense input. */
	public static final int MAX_FILTERS = 1024, MAX_CHANNELS = 64, MAX_SIDE = 1 << 13;
	/** Largest dense input (pixels x channels): 2048 x 2048. */
	public static final long MAX_DENSE_INPUT = 1L << 22;
	/**
	 * Most weights of a network: 2^27, 512 MiB of floats (the optimiser keeps two
	 * more copies while training).
	 */
	public static final long MAX_PARAMETERS = 1L << 27;
	/** Largest noise sigma (normalised units) and expected photon count. */
	public static final double MAX_SIGMA = 1e6, MAX_PHOTONS = 1e12;

	private Limits() {}

	/**
	 * The weights (and biases) of the dense autoencoder with {@code inputs}
	 * pixels and these hidden sizes, as {@code DenseAutoencoders} builds it,
	 * computed without building it.
	 */
	public static long denseParameters(final long inputs, final int[] hidden) {
		long n = 0, in = inputs;
		for (final int h : hidden) {
			n += in * h + h;
			in = h;
		}
		for (int i = hidden.length - 2; i >= 0; i--) {
			n += in * hidden[i] + hidden[i];
			in = hidden[i];
		}
		return n + in * inputs + inputs;
	}

	/** The weights of the network a (checked) manifest describes, without building it. */
	public static long parameters(final Manifest m) {
		if (m.volumes()) return volumeParameters(VolumeSpec.of(m));
		if (m.convolutional()) return convParameters(ConvSpec.of(m));
		return denseParameters((long) m.width * m.height, m.hidden);
	}

	/** The weights of the convolutional network {@code spec} describes, without building it. */
	public static long convParameters(final ConvSpec spec) {
		final int[] f = spec.filters();
		final boolean deconv = spec.upsampling() == ConvSpec.Upsampling.DECONVOLUTION;
		long n = 0, c = spec.inChannels();
		if (spec.skips()) {
			for (final int fi : f) {
				n += conv(c, fi, 9) + conv(fi, fi, 9);
				c = fi;
			}
			final long b = 2L * f[f.length - 1];
			n += conv(c, b, 9) + conv(b, b, 9);
			c = b;
			for (int i = f.length - 1; i >= 0; i--) {
				if (deconv) n += conv(c, f[i], 4);
				final long merged = (deconv ? f[i] : c) + f[i];
				n += conv(merged, f[i], 9) + conv(f[i], f[i], 9);
				c = f[i];
			}
			return n + conv(c, spec.outChannels(), 1);
		}
		for (final int fi : f) {
			n += conv(c, fi, 9);
			c = fi;
		}
		for (int i = f.length - 1; i >= 0; i--) {
			n += conv(c, f[i], 9);
			c = f[i];
			if (deconv) n += conv(c, f[i], 4);
		}
		return n + conv(c, spec.outChannels(), 9);
	}

	/** The weights of the 3-D network {@code spec} describes, without building it. */
	public static long volumeParameters(final VolumeSpec spec) {
		final int[] f = spec.filters();
		final VolumePlan plan = spec.plan();
		final boolean deconv = spec.upsampling() == ConvSpec.Upsampling.DECONVOLUTION;
		long n = 0, c = spec.inChannels();
		if (spec.skips()) {
			for (int b = 0; b < f.length; b++) {
				final int k = 9 * plan.kernelZ(b);
				n += conv(c, f[b], k) + conv(f[b], f[b], k);
				c = f[b];
			}
			final long bottleneck = 2L * f[f.length - 1];
			final int kb = 9 * plan.kernelZ(f.length);
			n += conv(c, bottleneck, kb) + conv(bottleneck, bottleneck, kb);
			c = bottleneck;
			for (int b = f.length - 1; b >= 0; b--) {
				if (deconv) n += conv(c, f[b], (plan.poolsZ(b) ? 2 : 1) * 4);
				final long merged = (deconv ? f[b] : c) + f[b];
				final int k = 9 * plan.kernelZ(b);
				n += conv(merged, f[b], k) + conv(f[b], f[b], k);
				c = f[b];
			}
			return n + conv(c, spec.outChannels(), 1);
		}
		for (int b = 0; b < f.length; b++) {
			n += conv(c, f[b], 9 * plan.kernelZ(b));
			c = f[b];
		}
		for (int b = f.length - 1; b >= 0; b--) {
			n += conv(c, f[b], 9 * plan.kernelZ(b + 1));
			c = f[b];
			if (deconv) n += conv(c, f[b], (plan.poolsZ(b) ? 2 : 1) * 4);
		}
		return n + conv(c, spec.outChannels(), 9 * plan.kernelZ(0));
	}

	private static long conv(final long in, final long out, final int taps) {
		return in * out * taps + out;
	}

	/**
	 * Checks the sizes of a dense network for training.
	 *
	 * @throws IllegalArgumentException naming the value, the limit and the fix
	 */
	public static void checkDense(final long inputs, final int[] hidden) {
		checkHidden(hidden);
		if (inputs > MAX_DENSE_INPUT) throw new IllegalArgumentException("Images of " + inputs +
			" pixels are too large for a dense network (at most " + MAX_DENSE_INPUT + "). Use " +
			"architecture=convolutional, which learns from patches of any image.");
		checkParameters(denseParameters(inputs, hidden), "architecture=convolutional, or smaller " +
			"hidden layers");
	}

	/** Checks dense hidden layer sizes, as a user gives them. */
	public static void checkHidden(final int[] hidden) {
		if (hidden.length > MAX_DENSE_LAYERS) throw new IllegalArgumentException(hidden.length +
			" hidden layers (" + Arrays.toString(hidden) + "): a dense network here has at most " +
			MAX_DENSE_LAYERS + ". Give fewer sizes, e.g. 256 64 2.");
		for (final int h : hidden)
			if (h > MAX_UNITS) throw new IllegalArgumentException("A hidden layer of " + h + " units is " +
				"wider than the " + MAX_UNITS + " a dense network here takes. Give smaller sizes.");
	}

	/** Checks filter counts per block, as a user gives them. */
	public static void checkFilters(final int[] filters) {
		if (filters.length > MAX_BLOCKS) throw new IllegalArgumentException("Give 1 to " + MAX_BLOCKS +
			" filter counts, one per encoder block, e.g. 16 32; got " + filters.length + ".");
		for (final int f : filters)
			if (f > MAX_FILTERS) throw new IllegalArgumentException("A block of " + f + " filters is " +
				"more than the " + MAX_FILTERS + " a network here takes. Give smaller filter counts, " +
				"e.g. 32 64.");
	}

	/**
	 * Checks the sizes of a convolutional network for training.
	 *
	 * @throws IllegalArgumentException naming the value, the limit and the fix
	 */
	public static void checkConv(final ConvSpec spec) {
		checkFilters(spec.filters());
		if (spec.inChannels() > MAX_CHANNELS || spec.outChannels() > MAX_CHANNELS)
			throw new IllegalArgumentException("Images of " + Math.max(spec.inChannels(), spec
				.outChannels()) + " channels: a network here takes at most " + MAX_CHANNELS + ".");
		checkParameters(convParameters(spec), "fewer filters");
	}

	private static void checkParameters(final long n, final String fix) {
		if (n > MAX_PARAMETERS) throw new IllegalArgumentException("That network would have " + n +
			" weights, more than the " + MAX_PARAMETERS + " a model here may have. Use " + fix + ".");
	}

	/**
	 * Checks added noise for training.
	 *
	 * @throws IllegalArgumentException naming the value and the range
	 */
	public static void checkNoise(final double sigma, final double photons) {
		if (!(sigma >= 0 && sigma <= MAX_SIGMA)) throw new IllegalArgumentException("sigma=" + sigma +
			" is not a noise level: give a finite number from 0 to " + MAX_SIGMA + " (in normalised " +
			"units; 0.5 reproduces the MNIST experiment).");
		if (!(photons >= 0 && photons <= MAX_PHOTONS)) throw new IllegalArgumentException("photons=" +
			photons + " is not a photon count: give a finite number from 0 to " + MAX_PHOTONS + ".");
	}
}
