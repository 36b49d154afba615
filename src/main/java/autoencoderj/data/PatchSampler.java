package autoencoderj.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import autoencoderj.convert.ImagePluses;
import autoencoderj.ops.Normalization;
import autoencoderj.ops.Permutations;

import ij.ImagePlus;
import ij.ImageStack;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Draws square patches, normalised, from the slices of a stack (every plane
 * of a hyperstack is a slice), keeping training and validation regions apart:
 * whole slices when the stack has enough of them, otherwise a band at the
 * bottom of every slice.
 */
public final class PatchSampler {

	private final ImageStack stack;
	private final int patch;
	private final Normalization norm;
	private final boolean clip;
	private final List<Integer> trainSlices = new ArrayList<>(), validationSlices = new ArrayList<>();
	/** Rows {@code [0, trainRows)} are for training; the rest, when a band is held out, for validation. */
	private final int trainRows;
	private final String split;

	/**
	 * @param validation fraction of slices, or of each slice's height, kept for validation
	 * @param clip whether normalised values are clipped to [0, 1] (sigmoid outputs)
	 * @throws IllegalArgumentException if the patch does not fit, with a fix
	 */
	public PatchSampler(final ImagePlus imp, final int patch, final double validation,
		final Normalization norm, final boolean clip, final long seed)
	{
		ImagePluses.checkSupported(imp);
		this.stack = imp.getStack();
		this.patch = patch;
		this.norm = norm;
		this.clip = clip;
		final int w = imp.getWidth(), h = imp.getHeight(), n = stack.getSize();
		if (patch > w || patch > h) throw new IllegalArgumentException("'" + imp.getTitle() + "' is " +
			w + "x" + h + ", smaller than the " + patch + "x" + patch + " training patches: choose a " +
			"smaller patch, or a larger image.");
		final int heldOut = (int) Math.round(n * validation);
		if (validation == 0 || heldOut >= 1 && n - heldOut >= 1) {
			final int[] order = Permutations.of(n, new Random(seed));
			for (int i = 0; i < n; i++)
				(i < heldOut ? validationSlices : trainSlices).add(order[i]);
			trainRows = h;
			split = heldOut == 0 ? "no validation" : heldOut + " of " + n + " slices held out for validation";
		}
		else {
			final int band = Math.max(patch, (int) Math.round(h * validation));
			if (h - band < patch) throw new IllegalArgumentException("'" + imp.getTitle() + "' is too " +
				"small to hold out a validation region: its " + h + " rows cannot give " + patch +
				"-pixel patches to both training and validation. Set validation=0, use a smaller patch, " +
				"or use a larger image or a stack of several images.");
			for (int i = 0; i < n; i++) {
				trainSlices.add(i);
				validationSlices.add(i);
			}
			trainRows = h - band;
			split = "bottom " + band + " rows of every slice held out for validation";
		}
	}

	/** {@code count} patches {@code [count, 1, patch, patch]} from the training region. */
	public INDArray training(final int count, final Random random) {
		return sample(count, random, trainSlices, 0, trainRows);
	}

	/** {@code count} patches from the validation region, or {@code null} if none is held out. */
	public INDArray validation(final int count, final Random random) {
		if (validationSlices.isEmpty()) return null;
		final boolean band = trainRows < stack.getHeight();
		return sample(count, random, validationSlices, band ? trainRows : 0, stack.getHeight());
	}

	/** How training and validation were separated, for the manifest. */
	public String split() { return split; }

	public int trainingSlices() { return trainSlices.size(); }

	private INDArray sample(final int count, final Random random, final List<Integer> slices,
		final int y0, final int y1)
	{
		final int w = stack.getWidth();
		final float[] values = new float[count * patch * patch];
		for (int p = 0; p < count; p++) {
			final Object pixels = stack.getPixels(slices.get(random.nextInt(slices.size())) + 1);
			final int x = random.nextInt(w - patch + 1);
			final int y = y0 + random.nextInt(y1 - y0 - patch + 1);
			int k = p * patch * patch;
			for (int row = y; row < y + patch; row++)
				for (int i = row * w + x, end = i + patch; i < end; i++)
					values[k++] = value(pixels, i);
		}
		return Nd4j.create(values, new long[] { count, 1, patch, patch }, 'c');
	}

	private float value(final Object pixels, final int i) {
		final double raw;
		if (pixels instanceof byte[]) raw = ((byte[]) pixels)[i] & 0xff;
		else if (pixels instanceof short[]) raw = ((short[]) pixels)[i] & 0xffff;
		else raw = ((float[]) pixels)[i];
		final double v = norm.normalize(raw);
		return (float) (clip ? Math.min(1, Math.max(0, v)) : v);
	}
}
