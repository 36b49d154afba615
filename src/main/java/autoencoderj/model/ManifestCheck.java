package autoencoderj.model;


import java.nio.file.Path;
import java.util.List;

/**
 * Checks every field of a manifest read from a user's file before anything
 * uses it: known values, finite numbers in range, counts that match the
 * channels. A manifest is the file's own word about the network, so the
 * limits are generous for any network Train Autoencoder or Train Image to
 * Image can make and small against what a crafted file could ask for.
 */
final class ManifestCheck {

	/** Widest dense layer, deepest and widest convolutional network, most channels, largest side. */
	static final int MAX_UNITS = 1 << 16, MAX_DENSE_LAYERS = 8, MAX_BLOCKS = 6, MAX_FILTERS = 1024,
			MAX_CHANNELS = 64, MAX_SIDE = 1 << 13;
	/** Largest dense input (pixels x channels): 2048 x 2048. */
	static final long MAX_DENSE_INPUT = 1L << 22;

	private final Path path;

	private ManifestCheck(final Path path) {
		this.path = path;
	}

	static void check(final Manifest m, final Path path) throws ModelFileException {
		new ManifestCheck(path).check(m);
	}

	private void check(final Manifest m) throws ModelFileException {
		if (m == null || !Manifest.FORMAT.equals(m.format)) throw new ModelFileException(path +
			" has no valid AutoencoderJ manifest. Choose a model written by Train Autoencoder.");
		if (m.formatVersion > Manifest.FORMAT_VERSION) throw new ModelFileException(path +
			" was written by a newer AutoencoderJ (model format " + m.formatVersion +
			", this version reads up to " + Manifest.FORMAT_VERSION +
			"). Update AutoencoderJ (Help > Update...).");
		if (m.formatVersion < 1) bad("format version " + m.formatVersion);
		if (!java.util.List.of(Keys.all(Manifest.Architecture.class)).contains(m.architecture))
			throw new ModelFileException(path + " holds a '" + m.architecture +
				"' model, which this version of AutoencoderJ cannot apply. Update AutoencoderJ.");
		final boolean conv = m.convolutional();
		oneOf("task", m.task, Keys.all(Manifest.Task.class));
		oneOf("loss", m.loss, Keys.all(DenseSpec.Loss.class));
		oneOf("output", m.output, Keys.all(Manifest.Output.class));
		range("channels", m.channels, 1, MAX_CHANNELS);
		range("output channels", m.outChannels, 0, MAX_CHANNELS);
		range("width", m.width, 1, MAX_SIDE);
		range("height", m.height, 1, MAX_SIDE);
		range("source channel", m.sourceChannel, 0, MAX_CHANNELS);
		range("target channel", m.targetChannel, 0, MAX_CHANNELS);
		if (conv) convolutional(m);
		else dense(m);
		normalization("normalisation", m.normalization);
		if (m.imageToImage()) {
			if (!conv) bad("an image-to-image model that is not convolutional");
			normalizations("input", m.inputNormalizations, m.channels);
			normalizations("output", m.outputNormalizations, m.outChannels > 0 ? m.outChannels
				: m.channels);
		}
		if (m.noise == null) incomplete("noise");
		oneOf("noise", m.noise.type, "none", "gaussian", "poisson", "poisson-gaussian");
		finite("noise sigma", m.noise.sigma, 0, 1e6);
		finite("noise photons", m.noise.photons, 0, 1e12);
		oneOf("objective", m.noise.objective, Keys.all(Manifest.Objective.class));
		finite("mask fraction", m.noise.maskFraction, 0, 0.5);
		if (m.training == null) incomplete("training");
		finite("learning rate", m.training.rate, 0, 1e3);
		range("epochs", m.training.epochs, 0, Integer.MAX_VALUE);
		range("best epoch", m.training.bestEpoch, 0, Integer.MAX_VALUE);
		if (m.training.trainLoss == null || m.training.validationLoss == null) incomplete(
			"loss history");
	}

	private void dense(final Manifest m) throws ModelFileException {
		if (m.hidden == null || m.hidden.length == 0) incomplete("layer sizes");
		range("hidden layers", m.hidden.length, 1, MAX_DENSE_LAYERS);
		for (final int h : m.hidden)
			range("hidden layer size", h, 1, MAX_UNITS);
		if ((long) m.width * m.height * m.channels > MAX_DENSE_INPUT) bad("an input of " + m.width +
			"x" + m.height + "x" + m.channels + " values, more than a dense network here takes (" +
			MAX_DENSE_INPUT + ")");
		if (m.channels != 1) bad(m.channels + " channels for a dense network");
		if (!m.sigmoidOutput()) bad("a dense network with a " + m.output + " output");
		final int code = m.hidden[m.hidden.length - 1];
		if (m.codeMin != null || m.codeMax != null) {
			if (m.codeMin == null || m.codeMax == null || m.codeMin.length != code ||
				m.codeMax.length != code) bad("code ranges that do not match its " + code + "-value code");
			for (int i = 0; i < code; i++) {
				finite("code minimum", m.codeMin[i], -1e30, 1e30);
				finite("code maximum", m.codeMax[i], m.codeMin[i], 1e30);
			}
		}
	}

	private void convolutional(final Manifest m) throws ModelFileException {
		if (m.filters == null || m.filters.length == 0 || m.upsampling == null) incomplete(
			"filters or upsampling");
		range("encoder blocks", m.filters.length, 1, MAX_BLOCKS);
		for (final int f : m.filters)
			range("filter count", f, 1, MAX_FILTERS);
		oneOf("upsampling", m.upsampling, Keys.all(ConvSpec.Upsampling.class));
		range("patch", m.patch, 1, MAX_SIDE);
		if (m.width != m.patch || m.height != m.patch) bad("a size of " + m.width + "x" + m.height +
			" for " + m.patch + "-pixel patches");
		if (m.skips && m.validLastConv) bad("skip connections with a valid last convolution");
		if (!ConvSpec.of(m).fits(m.patch)) bad("patches of " + m.patch +
			" pixels, which its network cannot take");
		if (Keys.of(DenseSpec.Loss.XENT).equals(m.loss) != m.sigmoidOutput()) bad("a " + m.output +
			" output with the " + m.loss + " loss");
	}

	private void normalization(final String what, final Manifest.NormalizationInfo n)
		throws ModelFileException
	{
		if (n == null) incomplete(what);
		oneOf(what + " method", n.method, "percentile");
		finite(what + " low percentile", n.lowPercentile, 0, 100);
		finite(what + " high percentile", n.highPercentile, n.lowPercentile, 100);
		finite(what + " low value", n.low, -1e30, 1e30);
		finite(what + " high value", n.high, n.low, 1e30);
		if (!(n.high > n.low) || !Float.isFinite((float) (1 / (n.high - n.low)))) bad(what +
			" from " + n.low + " to " + n.high + ", a range that cannot be inverted");
	}

	private void normalizations(final String what, final Manifest.NormalizationInfo[] n,
		final int channels) throws ModelFileException
	{
		if (n == null || n.length != channels) bad((n == null ? 0 : n.length) + " " + what +
			" normalisations for " + channels + " channels");
		for (final Manifest.NormalizationInfo info : n)
			normalization(what + " normalisation", info);
	}

	private void oneOf(final String what, final String value, final String... allowed)
		throws ModelFileException
	{
		if (value == null || !List.of(allowed).contains(value)) bad("the " + what + " '" + shorten(
			value) + "' (known: " + String.join(", ", allowed) + ")");
	}

	private void range(final String what, final long value, final long min, final long max)
		throws ModelFileException
	{
		if (value < min || value > max) bad("a " + what + " of " + value + " (allowed: " + min + " to " +
			max + ")");
	}

	private void finite(final String what, final double value, final double min, final double max)
		throws ModelFileException
	{
		if (!Double.isFinite(value) || value < min || value > max) bad("a " + what + " of " + value +
			" (allowed: finite, " + min + " to " + max + ")");
	}

	private static String shorten(final String s) {
		return s == null ? "(missing)" : ModelFileException.excerpt(s, 40);
	}

	private void incomplete(final String what) throws ModelFileException {
		throw new ModelFileException("The manifest of " + path + " is incomplete (" + what +
			" missing). Train the model again.");
	}

	private void bad(final String what) throws ModelFileException {
		throw new ModelFileException("The manifest of " + path + " is invalid: it gives " + what +
			". The file was altered or damaged; it was not opened. Train the model again.");
	}
}
