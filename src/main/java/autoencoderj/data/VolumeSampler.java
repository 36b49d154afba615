package autoencoderj.data;

import java.util.Random;

import autoencoderj.ops.Normalization;
import autoencoderj.ops.Permutations;

import ij.ImagePlus;

/**
 * Draws patches of {@code depth x side x side} voxels, normalised, from the
 * volumes of an image: its z slices are a volume's z, its frames separate
 * volumes (one channel). Training and validation regions stay apart: whole
 * frames when there are several, else a band at the bottom of every slice,
 * else the last slices.
 */
/**
 * Draws patches of {@code depth x side x side} voxels, normalised, from the
 * volumes of an image: its z slices are a volume's z, its frames separate
 * volumes; every chosen channel of a patch, and for image-to-image training
 * the target's channels at the same place. Training and validation regions
 * stay apart: whole frames when there are several, else a band at the bottom
 * of every slice, else the last slices.
 */
public final class VolumeSampler {

	private final ChannelPlanes source, target;
	private final Normalization[] in, out;
	private final int depth, side, width, height, slices, frames;
	private final boolean[] validationFrame;
	/** Training takes rows {@code [0, trainRows)} and slices {@code [0, trainSlices)}; validation the rest, where held out. */
	private final int trainRows, trainSlices;
	private final String split;

	/**
	 * One channel's volumes, as an autoencoder trains on them.
	 *
	 * @param validation fraction of frames, or of each slice's height, or of
	 *          the slices, kept for validation
	 * @throws IllegalArgumentException if the image is no volume of one channel
	 *           or thinner or smaller than a patch, with the fix
	 */
	public VolumeSampler(final ImagePlus imp, final int depth, final int side,
		final double validation, final Normalization norm, final long seed)
	{
		this(oneChannel(imp), new Normalization[] { norm }, null, null, depth, side, validation, seed);
	}

	/**
	 * Source and target channels at the same places, for image-to-image
	 * training; {@code in} and {@code out} normalise each chosen channel.
	 *
	 * @throws IllegalArgumentException as above
	 */
	public static VolumeSampler paired(final ChannelPlanes source, final Normalization[] in,
		final ChannelPlanes target, final Normalization[] out, final int depth, final int side,
		final double validation, final long seed)
	{
		return new VolumeSampler(source, in, target, out, depth, side, validation, seed);
	}

	private static ChannelPlanes oneChannel(final ImagePlus imp) {
		if (imp.getNChannels() != 1) throw new IllegalArgumentException("'" + imp.getTitle() + "' has " +
			imp.getNChannels() + " channels; 3-D training takes one. Split them (Image > Color > Split " +
			"Channels) and train on one.");
		return ChannelPlanes.of(imp, 0, "image");
	}

	private VolumeSampler(final ChannelPlanes source, final Normalization[] in,
		final ChannelPlanes target, final Normalization[] out, final int depth, final int side,
		final double validation, final long seed)
	{
		this.source = source;
		this.target = target;
		this.in = in;
		this.out = out;
		this.depth = depth;
		this.side = side;
		final ImagePlus imp = source.image();
		width = imp.getWidth();
		height = imp.getHeight();
		slices = imp.getNSlices();
		frames = source.positions() / slices;
		if (slices < depth) throw new IllegalArgumentException("'" + imp.getTitle() + "' has " + slices +
			(slices == 1 ? " slice" : " slices") + " in z, fewer than the " + depth + " of a training " +
			"patch (patchz=" + depth + "). Give a smaller patchz (at most " + slices + ", a multiple of " +
			"what the network pools in z), a thicker stack, or dimensions=2d." + (slices == 1 && frames > 1
				? " Its " + frames + " frames are separate volumes: if they are z slices, set the " +
					"dimensions (Image > Properties...)." : ""));
		if (side > width || side > height) throw new IllegalArgumentException("'" + imp.getTitle() +
			"' is " + width + "x" + height + ", smaller than the " + side + "x" + side + " of a training " +
			"patch: choose a smaller patch, or a larger image.");
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

	/** {@code count} training patches {@code [count, channels, depth, side, side]}, row after row. */
	public float[] training(final int count, final Random random) {
		return sample(count, random, false)[0];
	}

	/** Patches of the validation region, or {@code null} when none is held out. */
	public float[] validation(final int count, final Random random) {
		return heldOut() ? sample(count, random, true)[0] : null;
	}

	/** {@code count} source patches and the target's at the same places, as {@link #training}. */
	public float[][] trainingPairs(final int count, final Random random) {
		return sample(count, random, false);
	}

	/** Pairs of the validation region, or {@code null} when none is held out. */
	public float[][] validationPairs(final int count, final Random random) {
		return heldOut() ? sample(count, random, true) : null;
	}

	private boolean heldOut() {
		return !split.equals("no validation");
	}

	/** How training and validation were separated, for the manifest. */
	public String split() {
		return split;
	}

	/** The source's patches and the target's ({@code null} without a target). */
	private float[][] sample(final int count, final Random random, final boolean validation) {
		final boolean byFrame = trainRows == height && trainSlices == slices;
		final int y0 = validation && trainRows < height ? trainRows : 0, y1 = validation || trainRows ==
			height ? height : trainRows;
		final int z0 = validation && trainSlices < slices ? trainSlices : 0, z1 = validation ||
			trainSlices == slices ? slices : trainSlices;
		final int[][] corners = new int[count][];
		for (int p = 0; p < count; p++) {
			int t;
			do
				t = random.nextInt(frames);
			while (byFrame && validationFrame[t] != validation);
			final int z = z0 + random.nextInt(z1 - z0 - depth + 1);
			final int y = y0 + random.nextInt(y1 - y0 - side + 1);
			final int x = random.nextInt(width - side + 1);
			corners[p] = new int[] { t, z, y, x };
		}
		return new float[][] { read(source, in, corners), target == null ? null : read(target, out,
			corners) };
	}

	private float[] read(final ChannelPlanes planes, final Normalization[] norms,
		final int[][] corners)
	{
		final int channels = planes.channels(), volume = depth * side * side;
		final float[] patches = new float[corners.length * channels * volume];
		int k = 0;
		for (final int[] corner : corners)
			for (int c = 0; c < channels; c++)
				for (int dz = 0; dz < depth; dz++) {
					final Object px = planes.pixels(corner[0] * slices + corner[1] + dz, c);
					for (int row = corner[2]; row < corner[2] + side; row++)
						for (int i = row * width + corner[3], end = i + side; i < end; i++)
							patches[k++] = (float) norms[c].normalize(planes.value(px, c, i));
				}
		return patches;
	}
}
