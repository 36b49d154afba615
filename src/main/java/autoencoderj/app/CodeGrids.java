package autoencoderj.app;

import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelMismatchException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.TextRoi;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Images decoded from chosen codes: a grid over a 2-D code space, or a list of codes. */
public final class CodeGrids {

	private CodeGrids() {}

	/**
	 * An {@code n x n} montage of images decoded from a grid spanning the code
	 * range seen in training: code_1 grows to the right, code_2 upwards. The
	 * calibration maps x and y to the code values of the tile centres, and an
	 * overlay writes them along the top and left.
	 *
	 * @throws ModelMismatchException if the model's code is not 2-D
	 */
	/** Most images per side, and most pixels, of a grid montage. */
	public static final int MAX_GRID = 200, MAX_PIXELS = 1 << 26;

	public static ImagePlus grid(final AutoencoderModel model, final String modelName, final int n) {
		final Manifest m = model.manifest();
		final int k = Codes.size(model);
		if (k != 2) throw new ModelMismatchException("The model " + modelName + " has a " + k +
			"-D code; a grid needs a 2-D code. Train one with a last hidden size of 2 (e.g. hidden=128 32 2), " +
			"or decode codes given in a table (codes=/path/codes.csv, as Encode Stack writes).");
		if (n < 2) throw new IllegalArgumentException("The grid needs at least 2 x 2 images, got " + n + ".");
		final long pixels = (long) n * n * m.width * m.height;
		if (n > MAX_GRID || pixels > MAX_PIXELS) throw new IllegalArgumentException("A grid of " + n +
			" x " + n + " images of " + m.width + "x" + m.height + " is too large: at most " + MAX_GRID +
			" x " + MAX_GRID + " images and " + MAX_PIXELS + " pixels (grid " + Math.min(MAX_GRID,
				(int) Math.sqrt((double) MAX_PIXELS / ((long) m.width * m.height))) + " for this model). " +
			"Choose a smaller grid.");
		if (m.codeMin == null || m.codeMax == null) throw new ModelMismatchException("The model " +
			modelName + " does not record the range of its codes; train it again with this version.");
		final double[] x = axis(m.codeMin[0], m.codeMax[0], n), y = axis(m.codeMin[1], m.codeMax[1], n);
		final float[] codes = new float[n * n * 2];
		for (int row = 0; row < n; row++)
			for (int col = 0; col < n; col++) {
				codes[2 * (row * n + col)] = (float) x[col];
				codes[2 * (row * n + col) + 1] = (float) y[n - 1 - row];
			}
		final INDArray images = Codes.decode(model, Nd4j.create(codes, new long[] { n * n, 2 }, 'c'));
		final int w = m.width, h = m.height;
		final float[] px = images.data().asFloat();
		final FloatProcessor montage = new FloatProcessor(n * w, n * h);
		for (int t = 0; t < n * n; t++) {
			final int ox = t % n * w, oy = t / n * h;
			for (int j = 0; j < h; j++)
				for (int i = 0; i < w; i++)
					montage.setf(ox + i, oy + j, px[t * w * h + j * w + i]);
		}
		final ImagePlus imp = new ImagePlus("Decoded from a " + n + "x" + n + " grid of codes, " +
			modelName, montage);
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth = (x[n - 1] - x[0]) / ((n - 1) * w);
		cal.pixelHeight = (y[n - 1] - y[0]) / ((n - 1) * h);
		cal.xOrigin = w / 2.0 - x[0] / cal.pixelWidth;
		cal.yOrigin = h / 2.0 - y[n - 1] / cal.pixelHeight;
		cal.setInvertY(true);
		cal.setXUnit("code_1");
		cal.setYUnit("code_2");
		final Overlay labels = new Overlay();
		for (int i = 0; i < n; i++) {
			labels.add(new TextRoi(i * w + 1, 0, String.format("%.2g", x[i])));
			labels.add(new TextRoi(0, i * h + h - 10, String.format("%.2g", y[n - 1 - i])));
		}
		imp.setOverlay(labels);
		imp.setProperty("Info", "code_1 from " + x[0] + " to " + x[n - 1] + " (left to right), code_2 from " +
			y[0] + " to " + y[n - 1] + " (bottom to top)");
		montage.resetMinAndMax();
		return imp;
	}

	/** One decoded image per row of {@code codes} ({@code [rows, k]}), as a stack. */
	public static ImagePlus list(final AutoencoderModel model, final String modelName,
		final double[][] codes)
	{
		final Manifest m = model.manifest();
		final INDArray images = Codes.decode(model, Nd4j.create(codes).castTo(
			org.nd4j.linalg.api.buffer.DataType.FLOAT));
		final float[] px = images.data().asFloat();
		final ImageStack stack = new ImageStack(m.width, m.height);
		for (int r = 0; r < codes.length; r++) {
			final float[] one = new float[m.width * m.height];
			System.arraycopy(px, r * one.length, one, 0, one.length);
			stack.addSlice("code " + java.util.Arrays.toString(codes[r]), new FloatProcessor(m.width,
				m.height, one));
		}
		final ImagePlus imp = new ImagePlus("Decoded from " + codes.length + " codes, " + modelName,
			stack);
		imp.resetDisplayRange();
		return imp;
	}

	private static double[] axis(final double min, final double max, final int n) {
		final double[] v = new double[n];
		for (int i = 0; i < n; i++)
			v[i] = min + (max - min) * i / (n - 1);
		return v;
	}
}
