package autoencoderj.app;

import autoencoderj.convert.ImagePluses;
import autoencoderj.ops.Normalization;

import ij.ImagePlus;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the training window previews after each epoch: the model as it is,
 * applied to a square from the middle of the training image (its middle
 * slice), beside the input, both at the input's display range. A crop of at
 * most {@link #MOST} pixels a side keeps it to milliseconds on the training
 * thread; a 2-D, single-channel convolutional network only.
 */
public final class PreviewCrop {

	/** Largest side of the crop. */
	static final int MOST = 128;

	private final float[] input;
	private final int side;
	private final Normalization norm;
	private final double min, max;

	private PreviewCrop(final float[] input, final int side, final Normalization norm) {
		this.input = input;
		this.side = side;
		this.norm = norm;
		double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
		for (final float v : input) {
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
		min = lo;
		max = hi;
	}

	/**
	 * The crop of {@code imp} for a network of {@code blocks} poolings trained
	 * with the percentiles of {@code s}, or {@code null} where there is no
	 * preview (3-D, colour or several channels, an image too small).
	 */
	public static PreviewCrop of(final ImagePlus imp, final TrainingSettings s, final int blocks) {
		if (s.volumes() || s.architecture() != TrainingSettings.Architecture.CONVOLUTIONAL || imp
			.getNChannels() != 1 || imp.getType() == ImagePlus.COLOR_RGB) return null;
		final int unit = 1 << blocks;
		final int side = Math.min(MOST, Math.min(imp.getWidth(), imp.getHeight())) / unit * unit;
		if (side < unit) return null;
		final ImageProcessor ip = imp.getStack().getProcessor((imp.getStackSize() + 1) / 2);
		final int x0 = (imp.getWidth() - side) / 2, y0 = (imp.getHeight() - side) / 2;
		final float[] crop = new float[side * side];
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++)
				crop[y * side + x] = ip.getf(x0 + x, y0 + y);
		return new PreviewCrop(crop, side, Normalization.percentiles(ImagePluses.wrap(imp), s
			.lowPercentile(), s.highPercentile()));
	}

	/** Input and output side by side, as the model is now. */
	public ImagePlus render(final Model net) {
		try (INDArray x = norm.normalize(Nd4j.create(input.clone(), new long[] { 1, 1, side, side },
			'c')))
		{
			final INDArray y = net instanceof ComputationGraph ? ((ComputationGraph) net).outputSingle(x)
				: ((MultiLayerNetwork) net).output(x);
			final float[] out = norm.denormalize(y).dup('c').data().asFloat();
			final FloatProcessor both = new FloatProcessor(2 * side + 4, side);
			both.setValue(min);
			both.fill();
			both.insert(new FloatProcessor(side, side, input.clone()), 0, 0);
			both.insert(new FloatProcessor(side, side, out), side + 4, 0);
			both.setMinAndMax(min, max);
			return new ImagePlus("preview", both);
		}
	}
}
