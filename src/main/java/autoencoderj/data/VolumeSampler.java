package autoencoderj.data;

import java.util.Random;

import autoencoderj.ops.Normalization;
import autoencoderj.ops.Permutations;

import ij.ImagePlus;
import ij.process.ImageProcessor;

/**
 * Draws patches of {@code depth x side x side} voxels, normalised, from the
 * volumes of an image: its z slices are a volume's z, its frames separate
 * volumes (one channel). Training and validation regions stay apart: whole
 * frames when there are several, else a band at the bottom of every slice,
 * else the last slices.
 */
public final class VolumeSampler {

	private final ImageProcessor[][] planes;
	private final Normalization norm;
	private final int depth, side, width, height, slices;
	private final boolean[] validationFrame;
	/** Training takes rows {@code [0, trainRows)} and slices {@code [0, trainSlices)}; validation the rest, where held out. */
	private final int trainRows, trainSlices;
	private final String split;

	/**
	 * @param validation fraction of frames, or of each slice's height, or of
	 *          the slices, kept for validation
	 * @throws IllegalArgumentException if the image is no volume of one channel
	 *           or thinner or smaller than a patch, with the fix
	 */
	public VolumeSampler(final ImagePlus imp, final int depth, final int side,
		final double validation, final Normalization norm, final long seed)
	{
		this.depth = depth;
		this.side = side;
		this.norm = norm;
		width = imp.getWidth();
		height = imp.getHeight();
		slices = imp.getNSlices();
		final int frames = imp.getNFrames();
		if (imp.getNChannels() != 1) throw new IllegalArgumentException("'" + imp.getTitle() + "' has " +
			imp.getNChannels() + " channels; 3-D training takes one. Split them (Image > Color > Split " +
			"Channels) and train on one.");
		if (slices < depth) throw new IllegalArgumentException("'" + imp.getTitle() + "' has " + slices +
			(slices == 1 ? " slice" : " slices") + " in z, fewer than the " + depth + " of a training " +
			"patch (patchz=" + depth + "). Give a smaller patchz (at most " + slices + ", a multiple of " +
			"what the network pools in z), a thicker stack, or dimensions=2d." + (slices == 1 && frames > 1
				? " Its " + frames + " frames are separate volumes: if they are z slices, set the " +
					"dimensions (Image > Properties...)." : ""));
		if (side > width || side > height) throw new IllegalArgumentException("'" + imp.getTitle() +
			"' is " + width + "x" + height + ", smaller than the " + side + "x" + side + " of a training " +
			"patch: choose a smaller patch, or a larger image.");
		planes = new ImageProcessor[frames][slices];
		for (int t = 0; t < frames; t++)
			for (int z = 0; z < slices; z++)
				planes[t][z] = imp.getStack().getProcessor(imp.getStackIndex(1, z + 1, t + 1));
		validationFrame = new boolean[frames];
		final int heldOut = (int) Math.round(frames * validation);
		if (validation == 0 || heldOut >= 1 && frames - heldOut >= 1) {
			final int[] order = Permutations.of(frames, new Random(seed));
			for (int i = 0; i < heldOut; i++)
				validationFrame[order[i]] = true;
			trainRows = height;
			trainSlices = slices;
			split = heldOut == 0 ? "no validation" : heldOut + " of " + frames +
				" volumes (frames) held out for validation";
			return;
		}
		final int band = Math.max(side, (int) Math.round(height * validation));
		final int zBand = Math.max(depth, (int) Math.round(slices * validation));
		if (height - band >= side) {
			trainRows = height - band;
			trainSlices = slices;
			split = "bottom " + band + " rows of every slice held out for validation";
		}
		else if (slices - zBand >= depth) {
			trainRows = height;
			trainSlices = slices - zBand;
			split = "last " + zBand + " slices held out for validation";
		}
		else throw new IllegalArgumentException("'" + imp.getTitle() + "' is too small to hold out a " +
			"validation region: neither its " + height + " rows nor its " + slices + " slices give " +
			"patches of " + depth + "x" + side + "x" + side + " to both training and validation. Set " +
			"validation=0, use smaller patches, or a larger volume or several frames.");
	}

	/** {@code count} training patches {@code [count, 1, depth, side, side]}, row after row. */
	public float[] training(final int count, final Random random) {
		return sample(count, random, false);
	}

	/** Patches of the validation region, or {@code null} when none is held out. */
	public float[] validation(final int count, final Random random) {
		if (split.equals("no validation")) return null;
		return sample(count, random, true);
	}

	/** How training and validation were separated, for the manifest. */
	public String split() {
		return split;
	}

	private float[] sample(final int count, final Random random, final boolean validation) {
		final int frames = planes.length, volume = depth * side * side;
		final float[] out = new float[count * volume];
		final boolean byFrame = trainRows == height && trainSlices == slices;
		final int y0 = validation && trainRows < height ? trainRows : 0, y1 = validation || trainRows ==
			height ? height : trainRows;
		final int z0 = validation && trainSlices < slices ? trainSlices : 0, z1 = validation ||
			trainSlices == slices ? slices : trainSlices;
		for (int p = 0; p < count; p++) {
			int t;
			do
				t = random.nextInt(frames);
			while (byFrame && validationFrame[t] != validation);
			final int z = z0 + random.nextInt(z1 - z0 - depth + 1);
			final int y = y0 + random.nextInt(y1 - y0 - side + 1);
			final int x = random.nextInt(width - side + 1);
			int k = p * volume;
			for (int dz = 0; dz < depth; dz++) {
				final ImageProcessor ip = planes[t][z + dz];
				for (int row = y; row < y + side; row++)
					for (int i = row * width + x, end = i + side; i < end; i++)
						out[k++] = (float) norm.normalize(ip.getf(i));
			}
		}
		return out;
	}
}
