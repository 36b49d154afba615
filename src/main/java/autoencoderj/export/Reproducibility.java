package autoencoderj.export;

import java.util.Map;

import autoencoderj.engine.LayerGraph;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.ops.Normalization;

import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The tolerance a package declares for reproducing its test output
 * ({@code config.bioimageio.reproducibility_tolerance}), derived from the
 * arithmetic rather than from one engine's run: every engine computes in
 * float32 and sums in its own order, so two runs differ by a random walk of
 * roundings, about {@code sqrt(layers x fan-in)} of them on activations of
 * order one, and
 * the output's postprocessing multiplies that by its gain, the image's
 * intensity range. For a 16-bit image with a range in the thousands this is
 * a few thousandths of a unit, more than bioimageio.core's default of
 * 1e-3 where the output is near zero.
 */
final class Reproducibility {

	/** Margin over the expected rounding, for activations above one and roundings that lean one way. */
	private static final double MARGIN = 10;
	/** bioimageio.core's default relative tolerance, kept. */
	static final double RELATIVE = 1e-3;
	/** bioimageio.core's default absolute tolerance, the least declared. */
	private static final double LEAST_ABSOLUTE = 1e-3;

	private Reproducibility() {}

	/** The absolute tolerance in the output's raw units. */
	static double absolute(final AutoencoderModel model) {
		long fanIn = 1;
		int depth = 0;
		for (final LayerGraph.Node n : LayerGraph.of(model.network()).nodes()) {
			if (!(n.conf() instanceof FeedForwardLayer)) continue;
			final INDArray w = n.layer().paramTable().get("W");
			if (w == null) continue;
			fanIn = Math.max(fanIn, w.length() / ((FeedForwardLayer) n.conf()).getNOut());
			depth++;
		}
		double gain = 0;
		for (final Normalization o : model.outputNormalizations())
			gain = Math.max(gain, Math.abs(o.high() - o.low()));
		final double normalised = MARGIN * Math.sqrt((double) Math.max(depth, 1) * fanIn) * Math.ulp(
			1f) / 2;
		return Math.max(LEAST_ABSOLUTE, normalised * gain);
	}

	/** The description's entry: one tolerance for the output and every weights format. */
	static Map<String, Object> entry(final AutoencoderModel model) {
		return Description.map("absolute_tolerance", round(absolute(model)), "relative_tolerance",
			RELATIVE);
	}

	/** Two significant digits, rounded up, so the YAML reads plainly. */
	private static double round(final double v) {
		return new java.math.BigDecimal(v).round(new java.math.MathContext(2,
			java.math.RoundingMode.UP)).doubleValue();
	}
}
