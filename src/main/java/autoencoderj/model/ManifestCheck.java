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

	private static final int MAX_UNITS = Limits.MAX_UNITS, MAX_DENSE_LAYERS = Limits.MAX_DENSE_LAYERS,
			MAX_BLOCKS = Limits.MAX_BLOCKS, MAX_FILTERS = Limits.MAX_FILTERS,
			MAX_CHANNELS = Limits.MAX_CHANNELS, MAX_SIDE = Limits.MAX_SIDE;
	private static final long MAX_DENSE_INPUT = Limits.MAX_DENSE_INPUT;

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
		finite("noise sigma", m.noise.sigma, 0, Limits.MAX_SIGMA);
		finite("noise photons", m.noise.photons, 0, Limits.MAX_PHOTONS);
		oneOf("objective", m.noise.objective, Keys.all(Manifest.Objective.class));
		finite("mask fraction", m.noise.maskFraction, 0, 0.5);
		if (m.noise.structure != null) {
			try {
				autoencoderj.ops.LineMask.parse(m.noise.structure);
			}
			catch (final IllegalArgumentException exc) {
				bad("the structure '" + shorten(m.noise.structure) + "' (known: none, x3 to x31, y3 to y31)");
			}
		}
		if (m.training == null) incomplete("training");
		finite("learning rate", m.training.rate, 0, 1e3);
		range("epochs", m.training.epochs, 0, Integer.MAX_VALUE);
		range("best epoch", m.training.bestEpoch, 0, Integer.MAX_VALUE);
		range("kept epoch", m.training.keptEpoch, 0, Integer.MAX_VALUE);
		finite("time budget", m.training.budgetSeconds, 0, 1e9);
		finite("output offset", m.training.outputOffset, -1e3, 1e3);
		if (m.training.schedule != null) oneOf("schedule", m.training.schedule, Keys.all(
			autoencoderj.engine.training.RateSchedule.Kind.class));
		if (m.training.trainLoss == null || m.training.validationLoss == null) incomplete(
			"loss history");
		// free text is the file's word too: printed and exported only once made printable
		m.pluginVersion = Manifest.printable(m.pluginVersion);
		m.dl4jVersion = Manifest.printable(m.dl4jVersion);
		m.created = Manifest.printable(m.created);
		m.training.data = Manifest.printable(m.training.data);
		m.training.split = Manifest.printable(m.training.split);
		m.training.startedFrom = Manifest.printable(m.training.startedFrom);
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
		parameters(Limits.denseParameters((long) m.width * m.height, m.hidden));
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
		if (m.dimensions != null) oneOf("dimensions", m.dimensions, "2d", "3d");
		if (m.volumes()) {
			volume(m);
			return;
		}
		final ConvSpec spec;
		try {
			spec = ConvSpec.of(m);
		}
		catch (final IllegalArgumentException exc) {
			throw bad(exc.getMessage());
		}
		// the spec has checked its size against Limits already
		if (!spec.fits(m.patch)) bad("patches of " + m.patch + " pixels, which its network cannot take");
		if (Keys.of(DenseSpec.Loss.XENT).equals(m.loss) != m.sigmoidOutput()) bad("a " + m.output +
			" output with the " + m.loss + " loss");
	}

	private void volume(final Manifest m) throws ModelFileException {
		range("patch depth", m.patchZ, 1, MAX_SIDE);
		if (m.validLastConv) bad("a valid last convolution in a 3-D network");
		oneOf("pooling", m.pooling, Keys.all(VolumePlan.Pooling.class));
		if (m.poolZ == null || m.kernelZ == null || m.voxelSize == null || m.voxelSize.length != 3)
			incomplete("3-D plan or voxel size");
		for (final double v : m.voxelSize)
			finite("voxel size", v, 1e-12, 1e12);
		final VolumeSpec spec;
		try {
			spec = VolumeSpec.of(m);
		}
		catch (final IllegalArgumentException exc) {
			throw bad(exc.getMessage());
		}
		if (!spec.fits(m.patchZ, m.patch)) bad("patches of " + m.patchZ + "x" + m.patch + "x" + m.patch +
			" voxels, which its network cannot take");
		if (Keys.of(DenseSpec.Loss.XENT).equals(m.loss) != m.sigmoidOutput()) bad("a " + m.output +
			" output with the " + m.loss + " loss");
	}

	/** Before anything is built: the network's size is the manifest's word, bounded here. */
	private void parameters(final long n) throws ModelFileException {
		if (n > Limits.MAX_PARAMETERS) bad("a network of " + n + " weights (at most " +
			Limits.MAX_PARAMETERS + ")");
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

	private ModelFileException bad(final String what) throws ModelFileException {
		throw new ModelFileException("The manifest of " + path + " is invalid: it gives " + what +
			". The file was altered or damaged; it was not opened. Train the model again.");
	}
}
