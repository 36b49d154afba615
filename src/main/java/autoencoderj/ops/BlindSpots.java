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

	/** The median of the other pixels of the 5x5 window around (y, x) inside the patch. */
	private static float median(final float[] img, final int base, final int side, final int y,
		final int x, final float[] window)
	{
		int k = 0;
		for (int yy = Math.max(0, y - RADIUS); yy <= Math.min(side - 1, y + RADIUS); yy++)
			for (int xx = Math.max(0, x - RADIUS); xx <= Math.min(side - 1, x + RADIUS); xx++)
				if (yy != y || xx != x) window[k++] = img[base + yy * side + xx];
		Arrays.sort(window, 0, k);
		return k % 2 == 1 ? window[k / 2] : 0.5f * (window[k / 2 - 1] + window[k / 2]);
	}
}
