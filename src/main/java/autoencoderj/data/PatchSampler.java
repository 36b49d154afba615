package autoencoderj.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import autoencoderj.ops.Normalization;
import autoencoderj.ops.Permutations;

import ij.ImagePlus;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Draws square patches, normalised, from the slices of a stack (every plane
 * of a hyperstack is a slice), keeping training and validation regions apart:
 * whole slices when the stack has enough of them, otherwise a band at the
 * bottom of every slice.
 */
public final class PatchSampler {

	private final ChannelPlanes input, target;
	private final Normalization[] inputNorm, targetNorm;
	private final int patch;
	private final boolean clip;
	private final List<Integer> trainSlices = new ArrayList<>(), validationSlices = new ArrayList<>();
	/** Rows {@code [0, trainRows)} are for training; the rest, when a band is held out, for validation. */
	private final int trainRows;
	private final String split;

	/**
	 * Patches of every plane of {@code imp}, input and target alike (autoencoders).
	 *
	 * @param validation fraction of slices, or of each slice's height, kept for validation
	 * @param clip whether normalised values are clipped to [0, 1] (sigmoid outputs)
	 * @throws IllegalArgumentException if the patch does not fit, with a fix
	 */
	public PatchSampler(final ImagePlus imp, final int patch, final double validation,
		final Normalization norm, final boolean clip, final long seed)
	{
		this(ChannelPlanes.everyPlane(imp), new Normalization[] { norm }, null, null, patch,
			validation, clip, seed);
	}

	/**
	 * Patches at the same places of a source and a target (image to image).
	 *
	 * @param target {@code null} for autoencoders: the target is the input
	 */
	public PatchSampler(final ChannelPlanes input, final Normalization[] inputNorm,
		final ChannelPlanes target, final Normalization[] targetNorm, final int patch,
		final double validation, final boolean clip, final long seed)
	{
		this.input = input;
		this.inputNorm = inputNorm;
		this.target = target;
		this.targetNorm = targetNorm;
		this.patch = patch;
		this.clip = clip;
		final int w = input.width(), h = input.height(), n = input.positions();
		if (patch > w || patch > h) throw new IllegalArgumentException("'" + input.title() + "' is " +
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
			if (h - band < patch) throw new IllegalArgumentException("'" + input.title() + "' is too " +
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

	/**
	 * {@code count} input patches {@code [count, C_in, patch, patch]} and the
	 * target patches at the same places; for autoencoders, the same array twice.
	 */
	public INDArray[] trainingPairs(final int count, final Random random) {
		return sample(count, random, trainSlices, 0, trainRows);
	}

	/** Input and target patches from the validation region, or {@code null} if none is held out. */
	public INDArray[] validationPairs(final int count, final Random random) {
		if (validationSlices.isEmpty()) return null;
		final boolean band = trainRows < input.height();
		return sample(count, random, validationSlices, band ? trainRows : 0, input.height());
	}

	/** How training and validation were separated, for the manifest. */
	public String split() { return split; }


	private INDArray[] sample(final int count, final Random random, final List<Integer> slices,
		final int y0, final int y1)
	{
		final int w = input.width();
		final int[] xs = new int[count], ys = new int[count], positions = new int[count];
		for (int p = 0; p < count; p++) {
			positions[p] = slices.get(random.nextInt(slices.size()));
			xs[p] = random.nextInt(w - patch + 1);
			ys[p] = y0 + random.nextInt(y1 - y0 - patch + 1);
		}
		final INDArray in = patches(input, inputNorm, positions, xs, ys);
		return new INDArray[] { in, target == null ? in : patches(target, targetNorm, positions, xs,
			ys) };
	}

	private INDArray patches(final ChannelPlanes planes, final Normalization[] norms,
		final int[] positions, final int[] xs, final int[] ys)
	{
		final int w = planes.width(), channels = planes.channels(), count = positions.length;
		final float[] values = new float[count * channels * patch * patch];
		int k = 0;
		for (int p = 0; p < count; p++)
			for (int c = 0; c < channels; c++) {
				final Object pixels = planes.pixels(positions[p], c);
				for (int row = ys[p]; row < ys[p] + patch; row++)
					for (int i = row * w + xs[p], end = i + patch; i < end; i++) {
						final double v = norms[c].normalize(planes.value(pixels, c, i));
						values[k++] = (float) (clip ? Math.min(1, Math.max(0, v)) : v);
					}
			}
		return Nd4j.create(values, new long[] { count, channels, patch, patch }, 'c');
	}
}
