package autoencoderj.engine.tiles;

import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import autoencoderj.engine.network.NativeStages;
import autoencoderj.ops.Dihedral;
import autoencoderj.ops.Normalization;
import autoencoderj.ops.Tiling;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Applies a fully convolutional network to planes of any size, tile by tile
 * (see {@link Tiling}), in batches of tiles. Every tile, also the single tile
 * of a plane smaller than the tile size, sees mirrored context beyond the
 * plane's edges, so that a pixel's value does not depend on the tile size
 * (zero padding inside the network would make the border depend on it). When memory runs
 * out, the batch is halved, then the tile; only when a single smallest tile
 * does not fit does it give up, with a message.
 */
public final class TiledPredictor {

	/** Default tile side: large enough to amortise margins, small enough for any heap. */
	public static final int DEFAULT_TILE = 256;
	/**
	 * Smallest tile side a user may ask for: smaller tiles are mostly margin,
	 * computed again and again.
	 */
	public static final int MIN_TILE = 32;
	/** Default tiles per network call. */
	public static final int DEFAULT_BATCH = 8;

	private final UnaryOperator<INDArray> network;
	private final ConvGeometry spec;
	private final Normalization[] inNorm, outNorm;
	private int tile, batch;
	private boolean averaging;

	/**
	 * @param network maps {@code [N, C, T, T]} normalised tiles to outputs of the same shape
	 */
	public TiledPredictor(final UnaryOperator<INDArray> network, final ConvGeometry spec,
		final Normalization norm, final int tile, final int batch)
	{
		this(network, spec, new Normalization[] { norm }, new Normalization[] { norm }, tile, batch);
	}

	/**
	 * @param inNorm normalisation of each input channel
	 * @param outNorm normalisation of each output channel, inverted on output
	 */
	public TiledPredictor(final UnaryOperator<INDArray> network, final ConvGeometry spec,
		final Normalization[] inNorm, final Normalization[] outNorm, final int tile, final int batch)
	{
		if (tile < MIN_TILE) throw new IllegalArgumentException("tile=" + tile + " is too small: give " +
			"a tile side of at least " + MIN_TILE + " pixels (default " + DEFAULT_TILE + "; tiles are " +
			"raised to what the model needs, and the result does not depend on their size).");
		if (batch < 1) throw new IllegalArgumentException("batch=" + batch + ": give at least 1 tile " +
			"per batch (default " + DEFAULT_BATCH + ").");
		this.network = network;
		this.spec = spec;
		this.inNorm = inNorm;
		this.outNorm = outNorm;
		this.tile = spec.fittingSize(Math.max(tile, minimumTile(spec)));
		this.batch = batch;
	}

	/** Context kept on each side of a tile's core: covers the receptive field. */
	static int margin(final ConvGeometry spec) {
		return spec.margin();
	}

	static int minimumTile(final ConvGeometry spec) {
		return 2 * margin(spec) + (1 << spec.depth()) + (spec.validLastConv() ? 4 : 0);
	}

	/** Current tile side, after any reduction for memory. */
	public int tile() { return tile; }

	/** Current batch size, after any reduction for memory. */
	public int batch() { return batch; }

	/**
	 * Predicts one plane with a one-channel network.
	 *
	 * @param plane raw intensities in raster order, {@code width x height}
	 * @return output in the input's units, or {@code null} if cancelled
	 */
	public float[] predict(final PlaneReader plane, final int width, final int height,
		final BooleanSupplier cancelled)
	{
		final float[][] out = predictChannels((c, i) -> plane.get(i), width, height, cancelled);
		return out == null ? null : out[0];
	}

	/**
	 * Predicts the output channels of one position.
	 *
	 * @param input raw intensities of each input channel in raster order
	 * @return one plane per output channel in that channel's units, or
	 *         {@code null} if cancelled
	 */
	public float[][] predictChannels(final ChannelReader input, final int width, final int height,
		final BooleanSupplier cancelled)
	{
		if (!averaging) return once(input, width, height, cancelled);
		return Dihedral.average(outNorm.length, width, height, (k, map, w, h) -> once((c, i) -> input
			.get(c, map[i]), w, h, cancelled));
	}

	/**
	 * Makes this predictor predict each plane in its 8 flips and rotations and
	 * average the results back (test-time augmentation: 8 times the work).
	 */
	public TiledPredictor averaging(final boolean on) {
		averaging = on;
		return this;
	}

	private float[][] once(final ChannelReader input, final int width, final int height,
		final BooleanSupplier cancelled)
	{
		while (true) {
			try {
				return tiled(input, width, height, cancelled);
			}
			catch (final OutOfMemoryError | RuntimeException exc) {
				if (!outOfMemory(exc)) throw exc;
				shrink(exc);
			}
		}
	}

	/** Raw intensity of pixel {@code i} of a plane. */
	@FunctionalInterface
	public interface PlaneReader {

		double get(int i);
	}

	/** Raw intensity of pixel {@code i} of input channel {@code c}. */
	@FunctionalInterface
	public interface ChannelReader {

		double get(int c, int i);
	}

	private float[][] tiled(final ChannelReader input, final int width, final int height,
		final BooleanSupplier cancelled)
	{
		final Tiling tx = tiling(width), ty = tiling(height);
		final int cin = inNorm.length, cout = outNorm.length;
		final float[][] out = new float[cout][width * height];
		final int total = tx.count() * ty.count();
		final int th = ty.tile(), tw = tx.tile(), tt = th * tw;
		for (int first = 0; first < total; first += batch) {
			if (cancelled.getAsBoolean()) return null;
			final int n = Math.min(batch, total - first);
			final float[] in = new float[n * cin * tt];
			for (int b = 0; b < n; b++) {
				final int x0 = tx.start((first + b) % tx.count()), y0 = ty.start((first + b) / tx.count());
				for (int c = 0; c < cin; c++) {
					int k = (b * cin + c) * tt;
					for (int y = 0; y < th; y++) {
						final int row = Tiling.reflect(y0 + y, height) * width;
						for (int x = 0; x < tw; x++)
							in[k++] = (float) inNorm[c].normalize(input.get(c, row + Tiling.reflect(x0 + x,
								width)));
					}
				}
			}
			final float[] result = run(Nd4j.create(in, new long[] { n, cin, th, tw }, 'c'));
			for (int b = 0; b < n; b++) {
				final int cx = (first + b) % tx.count(), cy = (first + b) / tx.count();
				final int ox = tx.coreStart(cx), oy = ty.coreStart(cy);
				final int mx = tx.margin(), my = ty.margin();
				for (int c = 0; c < cout; c++) {
					final int base = (b * cout + c) * tt;
					for (int y = 0; y < ty.core() && oy + y < height; y++)
						for (int x = 0; x < tx.core() && ox + x < width; x++)
							out[c][(oy + y) * width + ox + x] = (float) outNorm[c].denormalize(result[base + (y +
								my) * tw + x + mx]);
				}
			}
		}
		return out;
	}

	/** The tiling of an axis with the fewest, smallest tiles (see {@link Tiling#fewest}). */
	private Tiling tiling(final int size) {
		return Tiling.fewest(size, tile, minimumTile(spec), 1 << spec.depth(), margin(spec), spec::fits);
	}

	/** The network's output as floats; native buffers are released at once, not at the next GC. */
	private float[] run(final INDArray in) {
		return outputOf(network, in);
	}

	/** What {@code network} gives on {@code in}, as floats; both arrays released at once. */
	static float[] outputOf(final UnaryOperator<INDArray> network, final INDArray in) {
		INDArray out = null;
		try {
			out = network.apply(in);
			final INDArray c = out.dup('c');
			final float[] values = NativeStages.values(c);
			c.close();
			return values;
		}
		finally {
			if (out != null && out != in && out.closeable()) out.close();
			if (in.closeable()) in.close();
		}
	}

	private static boolean outOfMemory(final Throwable exc) {
		if (exc instanceof OutOfMemoryError) return true;
		for (Throwable t = exc; t != null; t = t.getCause()) {
			final String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
			if (m.contains("out of memory") || m.contains("outofmemory") || m.contains("failed to allocate") ||
				m.contains("cannot allocate")) return true;
		}
		return false;
	}

	private void shrink(final Throwable cause) {
		if (batch > 1) {
			batch /= 2;
			return;
		}
		final int smaller = spec.fittingSize(tile / 2);
		if (smaller < tile && smaller >= minimumTile(spec)) {
			tile = smaller;
			return;
		}
		throw new IllegalStateException("Not enough memory to apply the model even to one " + tile +
			"x" + tile + " tile. Give Fiji more memory (Edit > Options > Memory & Threads) or close " +
			"other images.", cause);
	}
}
