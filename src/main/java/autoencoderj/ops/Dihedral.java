package autoencoderj.ops;

/**
 * The eight flips and 90-degree rotations of a square patch: augmentation
 * for training on one image, whose content has no preferred orientation.
 */
public final class Dihedral {

	private Dihedral() {}

	/**
	 * Transforms the {@code side x side} plane at {@code offset} of {@code values} in place.
	 *
	 * @param k 0 to 7: bit 0 flips left-right, bit 1 flips top-bottom, bit 2 transposes
	 * @param scratch at least {@code side * side} values
	 */
	public static void apply(final float[] values, final int offset, final int side, final int k,
		final float[] scratch)
	{
		if (k == 0) return;
		final boolean flipX = (k & 1) != 0, flipY = (k & 2) != 0, transpose = (k & 4) != 0;
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++) {
				final int sy = flipY ? side - 1 - y : y, sx = flipX ? side - 1 - x : x;
				scratch[transpose ? x * side + y : y * side + x] = values[offset + sy * side + sx];
			}
		System.arraycopy(scratch, 0, values, offset, side * side);
	}
}
