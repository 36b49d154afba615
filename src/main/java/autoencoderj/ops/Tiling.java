package autoencoderj.ops;

/**
 * Overlap-tile layout along one axis: tiles of {@code tile} pixels whose
 * central {@code core} pixels are kept, so that every kept pixel was computed
 * with {@code margin} pixels of context on each side. Tiles start every
 * {@code core} pixels at {@code -margin}; context outside the image is its
 * mirror image (see {@link #reflect}). With a margin at least the network's receptive-field radius,
 * and a core that is a multiple of its pooling factor, the result does not
 * depend on the tile size: there are no seams.
 */
public final class Tiling {

	private final int size, tile, core, margin;

	/**
	 * @param unit the network's pooling factor; the core is a multiple of it
	 * @param minMargin context wanted on each side of the core
	 */
	public Tiling(final int size, final int tile, final int unit, final int minMargin) {
		final int core = (tile - 2 * minMargin) / unit * unit;
		if (core < unit) throw new IllegalArgumentException("Tiles of " + tile + " pixels leave no " +
			"room inside " + minMargin + "-pixel margins; use tiles of at least " + (2 * minMargin +
				unit) + " pixels.");
		if ((tile - core) % 2 != 0) throw new IllegalArgumentException("Tile " + tile + " and core " +
			core + " must differ by an even number");
		this.size = size;
		this.tile = tile;
		this.core = core;
		this.margin = (tile - core) / 2;
	}

	/**
	 * The tiling of an axis of {@code size} pixels with as many tiles as tiles
	 * of {@code largest} need, each as small as that number allows: less
	 * overlap computed twice (4096 pixels in 512-pixel tiles of a 2-block
	 * network: 9 tiles of 488 instead of 512).
	 *
	 * @param smallest the smallest tile tried
	 * @param fits which tile sizes the network takes
	 */
	public static Tiling fewest(final int size, final int largest, final int smallest,
		final int unit, final int margin, final java.util.function.IntPredicate fits)
	{
		final int count = new Tiling(size, largest, unit, margin).count();
		for (int t = smallest; t < largest; t++)
			if (fits.test(t) && new Tiling(size, t, unit, margin).count() == count) return new Tiling(size,
				t, unit, margin);
		return new Tiling(size, largest, unit, margin);
	}

	/** Number of tiles that cover the axis. */
	public int count() {
		return (size + core - 1) / core;
	}

	/** First pixel (possibly negative) that tile {@code t} reads. */
	public int start(final int t) {
		return t * core - margin;
	}

	/** First image pixel that tile {@code t} writes; it writes {@code core} pixels or up to the end. */
	public int coreStart(final int t) {
		return t * core;
	}

	public int tile() { return tile; }

	public int core() { return core; }

	public int margin() { return margin; }

	/**
	 * Mirror index with the edge repeated: {@code ... 1 0 | 0 1 ... n-1 | n-1
	 * n-2 ...}, for any integer: how JDLL (deepImageJ's runner) extends an
	 * image it tiles ({@code Views.extendMirrorDouble}), and what an exported
	 * network does at its input's borders, so that both give Denoise Image's
	 * values.
	 */
	public static int reflect(final int i, final int n) {
		final int j = Math.floorMod(i, 2 * n);
		return j < n ? j : 2 * n - 1 - j;
	}
}
