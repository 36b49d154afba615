package autoencoderj.ops;

/**
 * The eight flips and 90-degree rotations of a square patch: augmentation
 * for training on one image, whose content has no preferred orientation.
 */
public final class Dihedral {

	private Dihedral() {}

	/** Every transformation: {@code 0} to {@code COUNT - 1}. */
	public static final int COUNT = 8;

	/**
	 * Where each pixel of the {@code k}-th transformation of a
	 * {@code width x height} plane comes from: pixel {@code i} of the
	 * transformed plane (raster order, {@code height x width} when {@code k}
	 * transposes) is pixel {@code map[i]} of the original. The same bits as
	 * {@link #apply}: 1 flips left-right, 2 top-bottom, 4 transposes.
	 */
	public static int[] map(final int k, final int width, final int height) {
		final boolean flipX = (k & 1) != 0, flipY = (k & 2) != 0, transpose = (k & 4) != 0;
		final int tw = transpose ? height : width, th = transpose ? width : height;
		final int[] map = new int[width * height];
		for (int v = 0; v < th; v++)
			for (int u = 0; u < tw; u++) {
				final int a = transpose ? v : u, b = transpose ? u : v;
				final int x = flipX ? width - 1 - a : a, y = flipY ? height - 1 - b : b;
				map[v * tw + u] = y * width + x;
			}
		return map;
	}

	/**
	 * Adds an eighth of a transformed plane's values ({@code map} from
	 * {@link #map}) to the original plane's places: after all eight, their
	 * average.
	 */
	public static void addBack(final float[] transformed, final int from, final float[] sum,
		final int to, final int[] map)
	{
		for (int i = 0; i < map.length; i++)
			sum[to + map[i]] += transformed[from + i] / COUNT;
	}

	/** One pass over a transformed image: its planes, or {@code null} if cancelled. */
	@FunctionalInterface
	public interface Pass {

		/**
		 * @param k the transformation
		 * @param map from {@link #map}: the transformed image's pixel {@code i} is the original's {@code map[i]}
		 * @param width, height the transformed image's sides
		 */
		float[][] run(int k, int[] map, int width, int height);
	}

	/**
	 * The average of {@code pass} over the eight transformations of a
	 * {@code width x height} image, each of its {@code planes} output planes
	 * taken back to the original's places; {@code null} if a pass was cancelled.
	 */
	public static float[][] average(final int planes, final int width, final int height,
		final Pass pass)
	{
		final float[][] sum = new float[planes][width * height];
		for (int k = 0; k < COUNT; k++) {
			final int[] map = map(k, width, height);
			final boolean t = transposes(k);
			final float[][] out = pass.run(k, map, t ? height : width, t ? width : height);
			if (out == null) return null;
			for (int p = 0; p < planes; p++)
				addBack(out[p], 0, sum[p], 0, map);
		}
		return sum;
	}

	/** Whether the {@code k}-th transformation swaps width and height. */
	public static boolean transposes(final int k) {
		return (k & 4) != 0;
	}

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
