package autoencoderj.ops;

import java.util.Arrays;
import java.util.Random;

/**
 * Noise2Void's blind spots (Krull et al. 2019): in each square patch, one
 * pixel per cell of a grid (stratified sampling) is replaced by a value from
 * its 5x5 neighbourhood that never reads the pixel itself, and the loss counts
 * only those pixels, against their original noisy values. A network that
 * cannot see a pixel cannot learn its independent noise, only the signal its
 * neighbours predict.
 */
public final class BlindSpots {

	/** How a masked pixel's value is replaced. */
	public enum Replacement {
		/**
		 * The median of the 24 other pixels of its 5x5 window (N2V2, Höck et al.
		 * 2022: fewer checkerboard artefacts than a random neighbour).
		 */
		MEDIAN,
		/** A random other pixel of its 5x5 window (the original Noise2Void). */
		NEIGHBOUR
	}

	private static final int RADIUS = 2;

	private final double fraction;
	private final int cell;
	private final Replacement replacement;

	/**
	 * @param fraction about this fraction of each patch's pixels is masked: one
	 *          per cell of side {@code round(1 / sqrt(fraction))}
	 */
	public BlindSpots(final double fraction, final Replacement replacement) {
		if (!(fraction > 0 && fraction <= 0.25)) throw new IllegalArgumentException(
			"The masked fraction must be above 0 and at most 0.25 (N2V masks 0.002 to 0.02); got " +
				fraction + ".");
		this.fraction = fraction;
		this.cell = Math.max(2, (int) Math.round(1 / Math.sqrt(fraction)));
		this.replacement = replacement;
	}

	/** Masked pixels per patch of {@code side}: the same for every patch. */
	public int perPatch(final int side) {
		final int cells = (side + cell - 1) / cell;
		return cells * cells;
	}

	/** The fraction of a patch of {@code side} that is masked. */
	public double fraction(final int side) {
		return (double) perPatch(side) / ((double) side * side);
	}

	/**
	 * Masks {@code n} patches of {@code channels x side x side}, row after row.
	 *
	 * @param patches the noisy patches; their masked pixels are replaced in place
	 * @param target receives the original patches
	 * @param mask receives 1 at every masked pixel (all channels), 0 elsewhere
	 */
	public void apply(final float[] patches, final float[] target, final float[] mask, final int n,
		final int channels, final int side, final Random random)
	{
		final int plane = side * side, values = n * channels * plane;
		System.arraycopy(patches, 0, target, 0, values);
		Arrays.fill(mask, 0, values, 0f);
		final float[] window = new float[(2 * RADIUS + 1) * (2 * RADIUS + 1)];
		for (int p = 0; p < n; p++)
			for (int cy = 0; cy < side; cy += cell)
				for (int cx = 0; cx < side; cx += cell) {
					final int y = cy + random.nextInt(Math.min(cell, side - cy));
					final int x = cx + random.nextInt(Math.min(cell, side - cx));
					int dy = 0, dx = 0;
					if (replacement == Replacement.NEIGHBOUR) do {
						dy = random.nextInt(2 * RADIUS + 1) - RADIUS;
						dx = random.nextInt(2 * RADIUS + 1) - RADIUS;
					}
					while (dy == 0 && dx == 0 || y + dy < 0 || y + dy >= side || x + dx < 0 || x + dx >= side);
					for (int c = 0; c < channels; c++) {
						final int base = (p * channels + c) * plane;
						mask[base + y * side + x] = 1;
						patches[base + y * side + x] = replacement == Replacement.NEIGHBOUR ? target[base + (y +
							dy) * side + x + dx] : median(target, base, side, y, x, window);
					}
				}
	}

	/**
	 * The grid cell of a volume, {@code {z, y, x}} voxels: the one whose
	 * volume is nearest {@code 1 / fraction} among near-cubic cells (sides
	 * differing by at most 2), so that the masked fraction is the one asked
	 * for, not that of the nearest cube (one per 6x6x6 cell, 0.46%, for
	 * 0.39%; n2v's 3-D grid, computed as in 2-D, masks fewer still).
	 */
	public int[] volumeCell() {
		final double target = 1 / fraction;
		int[] best = null;
		double bestError = Double.MAX_VALUE;
		final int around = (int) Math.round(Math.cbrt(target));
		for (int z = Math.max(1, around - 2); z <= around + 2; z++)
			for (int y = Math.max(2, around - 1); y <= around + 2; y++)
				for (int x = y; x <= y + 1; x++) {
					final double error = Math.abs(Math.log((double) z * y * x / target));
					if (error < bestError - 1e-12) {
						bestError = error;
						best = new int[] { z, y, x };
					}
				}
		return best;
	}

	/** Masked voxels per volume patch of {@code depth x side x side}: the same for every patch. */
	public int perVolume(final int depth, final int side) {
		final int[] c = volumeCell();
		return ceilDiv(depth, c[0]) * ceilDiv(side, c[1]) * ceilDiv(side, c[2]);
	}

	/** The fraction of a volume patch that is masked. */
	public double fraction(final int depth, final int side) {
		return depth == 1 ? fraction(side) : (double) perVolume(depth, side) / ((double) depth * side *
			side);
	}

	private static int ceilDiv(final int a, final int b) {
		return (a + b - 1) / b;
	}

	/**
	 * Masks {@code n} volume patches of {@code channels x depth x side x side}:
	 * one voxel per cell of {@link #volumeCell}, replaced by the median of the
	 * other voxels of its 5x5x5 window (or a random other voxel of it), the
	 * window clipped to the patch. A depth of 1 is a plane, masked as
	 * {@link #apply(float[], float[], float[], int, int, int, Random)} does
	 * (its own loop: the same seed keeps giving 2-D models their numbers).
	 */
	public void apply(final float[] patches, final float[] target, final float[] mask, final int n,
		final int channels, final int depth, final int side, final Random random)
	{
		if (depth == 1) {
			apply(patches, target, mask, n, channels, side, random);
			return;
		}
		final int[] cells = volumeCell();
		final int plane = side * side, volume = depth * plane, values = n * channels * volume;
		System.arraycopy(patches, 0, target, 0, values);
		Arrays.fill(mask, 0, values, 0f);
		final float[] window = new float[(2 * RADIUS + 1) * (2 * RADIUS + 1) * (2 * RADIUS + 1)];
		for (int p = 0; p < n; p++)
			for (int cz = 0; cz < depth; cz += cells[0])
				for (int cy = 0; cy < side; cy += cells[1])
					for (int cx = 0; cx < side; cx += cells[2]) {
						final int z = cz + random.nextInt(Math.min(cells[0], depth - cz));
						final int y = cy + random.nextInt(Math.min(cells[1], side - cy));
						final int x = cx + random.nextInt(Math.min(cells[2], side - cx));
						int dz = 0, dy = 0, dx = 0;
						if (replacement == Replacement.NEIGHBOUR) do {
							dz = random.nextInt(2 * RADIUS + 1) - RADIUS;
							dy = random.nextInt(2 * RADIUS + 1) - RADIUS;
							dx = random.nextInt(2 * RADIUS + 1) - RADIUS;
						}
						while (dz == 0 && dy == 0 && dx == 0 || z + dz < 0 || z + dz >= depth || y + dy < 0 ||
							y + dy >= side || x + dx < 0 || x + dx >= side);
						for (int c = 0; c < channels; c++) {
							final int base = (p * channels + c) * volume, i = z * plane + y * side + x;
							mask[base + i] = 1;
							patches[base + i] = replacement == Replacement.NEIGHBOUR ? target[base + (z + dz) *
								plane + (y + dy) * side + x + dx] : median(target, base, depth, side, z, y, x, window);
						}
					}
	}

	/** The median of the other voxels of the 5x5x5 window around (z, y, x) inside the patch. */
	private static float median(final float[] img, final int base, final int depth, final int side,
		final int z, final int y, final int x, final float[] window)
	{
		int k = 0;
		for (int zz = Math.max(0, z - RADIUS); zz <= Math.min(depth - 1, z + RADIUS); zz++)
			for (int yy = Math.max(0, y - RADIUS); yy <= Math.min(side - 1, y + RADIUS); yy++)
				for (int xx = Math.max(0, x - RADIUS); xx <= Math.min(side - 1, x + RADIUS); xx++)
					if (zz != z || yy != y || xx != x) window[k++] = img[base + (zz * side + yy) * side + xx];
		Arrays.sort(window, 0, k);
		return k % 2 == 1 ? window[k / 2] : 0.5f * (window[k / 2 - 1] + window[k / 2]);
	}

	/** The median of the other pixels of the 5x5 window around (y, x) inside the patch. */
	private static float median(final float[] img, final int base, final int side, final int y,
		final int x, final float[] window)
	{
		return median(img, base, 1, side, 0, y, x, window);
	}
}
