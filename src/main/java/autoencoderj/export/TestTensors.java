package autoencoderj.export;

import java.util.function.IntUnaryOperator;

import autoencoderj.app.Denoiser;
import autoencoderj.app.ModelFit;
import autoencoderj.data.ChannelPlanes;
import autoencoderj.engine.tiles.TiledPredictor;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;
import autoencoderj.ops.Tiling;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * A package's test input, a square window of a real image (the training
 * image, normally), and its test output: what Denoise Image (or Predict
 * Image) gives on that window, borders mirrored, which the exported network
 * reproduces whoever runs it (see {@link OnnxWriter#convolutional}); RGB
 * targets as three float channels, before Predict Image rounds them.
 * Both are {@code [1, channels, height, width]} in raster order, raw units.
 */
final class TestTensors {

	/** Side of the test window when the image and the network allow it. */
	static final int PREFERRED_SIDE = 64;

	/** {@code depth} is 0 for a 2-D model's planes. */
	final int width, height, depth, inChannels, outChannels;
	final float[] input, output;
	/** Whether a volume's slices were mirrored in z to reach the depth the package needs. */
	final boolean mirroredZ;

	private TestTensors(final int width, final int height, final int depth, final float[] input,
		final int inChannels, final float[] output, final int outChannels, final boolean mirroredZ)
	{
		this.width = width;
		this.height = height;
		this.depth = depth;
		this.mirroredZ = mirroredZ;
		this.input = input;
		this.inChannels = inChannels;
		this.output = output;
		this.outChannels = outChannels;
	}

	/**
	 * @param axes the sizes the package's description allows
	 * @throws IllegalArgumentException if the image does not fit the model or
	 *           is smaller than the test window needs
	 */
	static TestTensors of(final AutoencoderModel model, final String modelName, final ImagePlus imp,
		final SpaceAxes axes)
	{
		return of(model, modelName, imp, axes, PREFERRED_SIDE);
	}

	/** As above, with a window side of at least {@code preferred} where the image allows. */
	static TestTensors of(final AutoencoderModel model, final String modelName, final ImagePlus imp,
		final SpaceAxes axes, final int preferred)
	{
		ModelFit.check(model, modelName, imp);
		if (axes.volumes()) return volume(model, modelName, imp, axes, preferred);
		final int minimum = axes.min[0];
		final ChannelPlanes planes = model.imageToImage() ? ModelFit.channels(model, modelName, imp)
			: ChannelPlanes.everyPlane(imp);
		final int w, h;
		if (model.convolutional()) w = h = side(imp, minimum, preferred, s -> model.convSpec()
			.fittingSizeFrom(s), s -> model.convSpec().fittingSize(s));
		else {
			w = model.manifest().width;
			h = model.manifest().height;
		}
		final int position = planes.positions() / 2;
		final float[][] t = window(model, modelName, imp, planes, new int[] { position }, busiestWindow(
			planes, position, w, h), w, h);
		return new TestTensors(w, h, 0, t[0], planes.channels(), t[1], t[1].length / (w * h), false);
	}

	/**
	 * A 3-D model's test input: a window of the middle frame (the first
	 * channel of a denoising model, the model's channels of an image-to-image
	 * one), as many slices as the package's smallest depth about the middle
	 * slice, the volume mirrored in z (the edge slice repeated, as the network
	 * extends its input) when it has fewer; its output is what Denoise Image
	 * (or Predict Image) gives on that window. Both {@code [C, D, H, W]}.
	 */
	private static TestTensors volume(final AutoencoderModel model, final String modelName,
		final ImagePlus imp, final SpaceAxes axes, final int preferred)
	{
		final ChannelPlanes planes = model.imageToImage() ? ModelFit.channels(model, modelName, imp)
			: ChannelPlanes.of(imp, 1, "image");
		final int slices = imp.getNSlices(), first = (imp.getNFrames() - 1) / 2 * slices;
		final int unit = axes.step[1];
		final int w = side(imp, axes.min[1], preferred, s -> (s + unit - 1) / unit * unit, s -> s / unit *
			unit), h = w, d = axes.min[0], plane = w * h, cin = planes.channels();
		final int z0 = (slices - d) / 2;
		final int[] positions = new int[d];
		for (int z = 0; z < d; z++)
			positions[z] = first + Tiling.reflect(z0 + z, slices);
		final float[][] t = window(model, modelName, imp, planes, positions, busiestWindow(planes, first +
			slices / 2, w, h), w, h);
		return new TestTensors(w, h, d, t[0], planes.channels(), t[1], t[1].length / (d * plane), d >
			slices);
	}

	/**
	 * The test input, the {@code w x h} window at {@code corner} of every
	 * chosen channel at {@code positions} (a plane, or a volume's slices), and
	 * the test output, what Denoise Image (or Predict Image) gives on that
	 * window; both {@code [C, D, H, W]} with {@code D} the positions.
	 */
	private static float[][] window(final AutoencoderModel model, final String modelName,
		final ImagePlus imp, final ChannelPlanes planes, final int[] positions, final int[] corner,
		final int w, final int h)
	{
		final int d = positions.length, plane = w * h, cin = planes.channels();
		final float[] input = new float[cin * d * plane];
		final ImageStack window = new ImageStack(w, h);
		for (int z = 0; z < d; z++)
			for (int c = 0; c < cin; c++) {
				final Object pixels = planes.pixels(positions[z], c);
				final float[] values = new float[plane];
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						values[y * w + x] = planes.value(pixels, c, (corner[1] + y) * imp.getWidth() + corner[0] +
							x);
				System.arraycopy(values, 0, input, (c * d + z) * plane, plane);
				window.addSlice(null, new FloatProcessor(w, h, values));
			}
		final ImagePlus test = new ImagePlus(imp.getTitle() + " test window", window);
		test.setDimensions(cin, d, 1);
		test.setCalibration(imp.getCalibration());
		final ImagePlus result = Denoiser.denoise(floatOutput(model), modelName, test,
			TiledPredictor.DEFAULT_TILE, TiledPredictor.DEFAULT_BATCH, null, () -> false);
		// ImageJ's stack holds each slice's channels together
		final int cout = result.getStackSize() / d;
		final float[] output = new float[cout * d * plane];
		for (int z = 0; z < d; z++)
			for (int c = 0; c < cout; c++) {
				final ImageProcessor ip = result.getStack().getProcessor(z * cout + c + 1);
				for (int i = 0; i < plane; i++)
					output[(c * d + z) * plane + i] = ip.getf(i);
			}
		return new float[][] { input, output };
	}

	/** The space sizes, z first for a volume: {@code [depth,] height, width}. */
	int[] sizes() {
		return depth > 0 ? new int[] { depth, height, width } : new int[] { height, width };
	}

	/**
	 * The smallest side the network takes of at least {@code preferred}
	 * and {@code minimum}, or less when the image is smaller.
	 *
	 * @param from the smallest side the network takes from a size on
	 * @param atMost the largest side the network takes up to a size
	 */
	private static int side(final ImagePlus imp, final int minimum, final int preferred,
		final IntUnaryOperator from, final IntUnaryOperator atMost)
	{
		final int available = Math.min(imp.getWidth(), imp.getHeight());
		int side = from.applyAsInt(Math.max(minimum, preferred));
		if (side > available) side = atMost.applyAsInt(available);
		if (side < minimum || side > available) throw new IllegalArgumentException("'" + imp
			.getTitle() + "' is " + imp.getWidth() + "x" + imp.getHeight() + ", smaller than the " +
			minimum + "x" + minimum + " pixels the package's test input needs (the network's context " +
			"on each side and its pooling). Give the image the model was trained on, or a larger one.");
		return side;
	}

	/**
	 * The window with the largest variance in the first channel, among windows
	 * half a window apart, leaving out windows with NaN or infinite pixels:
	 * a test that shows structure rather than background.
	 */
	private static int[] busiestWindow(final ChannelPlanes planes, final int position,
		final int width, final int height)
	{
		final int w = planes.width(), h = planes.height();
		final int sx = Math.max(1, width / 2), sy = Math.max(1, height / 2);
		final Object pixels = planes.pixels(position, 0);
		int[] best = null;
		double bestVariance = -1;
		for (int y0 = 0; y0 + height <= h; y0 += sy)
			for (int x0 = 0; x0 + width <= w; x0 += sx) {
				double sum = 0, sum2 = 0;
				for (int y = y0; y < y0 + height; y++)
					for (int x = x0; x < x0 + width; x++) {
						final double v = planes.value(pixels, 0, y * w + x);
						sum += v;
						sum2 += v * v;
					}
				final double n = (double) width * height, variance = sum2 / n - sum / n * (sum / n);
				if (Double.isFinite(variance) && variance > bestVariance) {
					bestVariance = variance;
					best = new int[] { x0, y0 };
				}
			}
		if (best == null) throw new IllegalArgumentException("'" + planes.title() +
			"' has NaN or infinite pixels in every " + width + "x" + height + " window; the package's " +
			"test input must be finite. Give an image with a finite region of that size.");
		return best;
	}

	/**
	 * The model, but predicting RGB targets as three float channels rather than
	 * rounded to an RGB image: the network's output is what a consumer
	 * reproduces, the rounding is only how Predict Image shows it.
	 */
	private static AutoencoderModel floatOutput(final AutoencoderModel model) {
		if (!model.manifest().targetRgb) return model;
		final Manifest m = ModelFiles.copy(model.manifest());
		m.targetRgb = false;
		return new AutoencoderModel(model.network(), m);
	}

}
