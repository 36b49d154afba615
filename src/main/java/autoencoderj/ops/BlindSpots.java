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
	/** structN2V's line through every blind spot, or {@code null}. */
	private final LineMask line;

	/**
	 * @param fraction about this fraction of each patch's pixels is masked: one
	 *          per cell of side {@code round(1 / sqrt(fraction))}
	 */
	public BlindSpots(final double fraction, final Replacement replacement) {
		this(fraction, replacement, null);
	}

	/**
	 * @param line hidden with every blind spot (its pixels get random values in
	 *          the normalised range 0 to 1, as structN2V's); {@code null} for none.
	 *          The replacement of the blind spot itself never reads the line:
	 *          its pixels carry the noise the line hides
	 */
	public BlindSpots(final double fraction, final Replacement replacement, final LineMask line) {
		this.line = line;
		if (!(fraction > 0 && fraction <= 0.25)) throw new IllegalArgumentException(
			"The masked fraction must be above 0 and at most 0.25 (N2V masks 0.002 to 0.02); got " +
				fraction + ".");
		this.fraction = fraction;
		this.cell = Math.max(2, (int) Math.round(1 / Math.sqrt(fraction)));
		this.replacement = replacement;
	}

	/** The line hidden with every blind spot, or {@code null}. */
	public LineMask line() {
		return line;
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
		apply(patches, target, mask, n, channels, side, random, null);
	}

	/**
	 * {@link #apply(float[], float[], float[], int, int, int, Random)} for
	 * patches flipped or rotated before: where {@code transposed[p]}, the
	 * image's x axis is patch {@code p}'s y axis, and the {@link #line()} runs
	 * along it.
	 *
	 * @param transposed per patch; {@code null}: none is
	 */
	public void apply(final float[] patches, final float[] target, final float[] mask, final int n,
		final int channels, final int side, final Random random, final boolean[] transposed)
	{
		final int plane = side * side, values = n * channels * plane;
		System.arraycopy(patches, 0, target, 0, values);
		Arrays.fill(mask, 0, values, 0f);
		final float[] window = new float[(2 * RADIUS + 1) * (2 * RADIUS + 1)];
		for (int p = 0; p < n; p++) {
			final int[] dir = direction(transposed != null && transposed[p]);
			for (int cy = 0; cy < side; cy += cell)
				for (int cx = 0; cx < side; cx += cell) {
					final int y = cy + random.nextInt(Math.min(cell, side - cy));
					final int x = cx + random.nextInt(Math.min(cell, side - cx));
					int dy = 0, dx = 0;
					if (replacement == Replacement.NEIGHBOUR) do {
						dy = random.nextInt(2 * RADIUS + 1) - RADIUS;
						dx = random.nextInt(2 * RADIUS + 1) - RADIUS;
					}
					while (dy == 0 && dx == 0 || y + dy < 0 || y + dy >= side || x + dx < 0 || x + dx >= side ||
						onLine(dir, 0, dy, dx));
					for (int c = 0; c < channels; c++) {
						final int base = (p * channels + c) * plane;
						mask[base + y * side + x] = 1;
						patches[base + y * side + x] = replacement == Replacement.NEIGHBOUR ? target[base + (y +
							dy) * side + x + dx] : median(target, base, 1, side, 0, y, x, window, dir);
					}
					hideLine(patches, p * channels * plane, channels, plane, side, side, y, x, dir, random);
				}
		}
	}

	/** The line's direction in a patch, {@code {dy, dx}}, or {@code null} without a line. */
	private int[] direction(final boolean transposed) {
		if (line == null) return null;
		return line.alongX() != transposed ? new int[] { 0, 1 } : new int[] { 1, 0 };
	}

	/** Whether the offset (dz, dy, dx) from a blind spot lies on its line. */
	private boolean onLine(final int[] dir, final int dz, final int dy, final int dx) {
		if (dir == null || dz != 0) return false;
		final int along = dir[1] != 0 ? dx : dy, across = dir[1] != 0 ? dy : dx;
		return across == 0 && Math.abs(along) <= line.reach();
	}

	/** Random values in 0 to 1 on the line through (y, x) of the plane at {@code offset}, all channels. */
	private void hideLine(final float[] patches, final int offset, final int channels,
		final int stride, final int side, final int height, final int y, final int x, final int[] dir,
		final Random random)
	{
		if (dir == null) return;
		for (int d = -line.reach(); d <= line.reach(); d++) {
			final int yy = y + d * dir[0], xx = x + d * dir[1];
			if (d == 0 || yy < 0 || yy >= height || xx < 0 || xx >= side) continue;
			for (int c = 0; c < channels; c++)
				patches[offset + c * stride + yy * side + xx] = random.nextFloat();
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
		apply(patches, target, mask, n, channels, depth, side, random, null);
	}

	/**
	 * {@link #apply(float[], float[], float[], int, int, int, int, Random)} for
	 * patches whose planes were flipped or rotated in x-y before, the
	 * {@link #line()} in the blind spot's plane along the image's axis.
	 *
	 * @param transposed per patch; {@code null}: none is
	 */
	public void apply(final float[] patches, final float[] target, final float[] mask, final int n,
		final int channels, final int depth, final int side, final Random random,
		final boolean[] transposed)
	{
		if (depth == 1) {
			apply(patches, target, mask, n, channels, side, random, transposed);
			return;
		}
		final int[] cells = volumeCell();
		final int plane = side * side, volume = depth * plane, values = n * channels * volume;
		System.arraycopy(patches, 0, target, 0, values);
		Arrays.fill(mask, 0, values, 0f);
		final float[] window = new float[(2 * RADIUS + 1) * (2 * RADIUS + 1) * (2 * RADIUS + 1)];
		for (int p = 0; p < n; p++) {
			final int[] dir = direction(transposed != null && transposed[p]);
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
							y + dy >= side || x + dx < 0 || x + dx >= side || onLine(dir, dz, dy, dx));
						for (int c = 0; c < channels; c++) {
							final int base = (p * channels + c) * volume, i = z * plane + y * side + x;
							mask[base + i] = 1;
							patches[base + i] = replacement == Replacement.NEIGHBOUR ? target[base + (z + dz) *
								plane + (y + dy) * side + x + dx] : median(target, base, depth, side, z, y, x, window,
									dir);
						}
						hideLine(patches, p * channels * volume + z * plane, channels, volume, side, side, y, x,
							dir, random);
					}
		}
	}

	/**
	 * The median of the other voxels of the 5x5x5 window around (z, y, x)
	 * inside the patch, leaving out the line in direction {@code dir} (none where {@code null}).
	 */
	private float median(final float[] img, final int base, final int depth, final int side,
		final int z, final int y, final int x, final float[] window, final int[] dir)
	{
		int k = 0;
		for (int zz = Math.max(0, z - RADIUS); zz <= Math.min(depth - 1, z + RADIUS); zz++)
			for (int yy = Math.max(0, y - RADIUS); yy <= Math.min(side - 1, y + RADIUS); yy++)
				for (int xx = Math.max(0, x - RADIUS); xx <= Math.min(side - 1, x + RADIUS); xx++)
					if ((zz != z || yy != y || xx != x) && !onLine(dir, zz - z, yy - y, xx - x))
						window[k++] = img[base + (zz * side + yy) * side + xx];
		Arrays.sort(window, 0, k);
		return k % 2 == 1 ? window[k / 2] : 0.5f * (window[k / 2 - 1] + window[k / 2]);
	}
}
