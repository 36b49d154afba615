package autoencoderj.model;

import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import autoencoderj.ops.Normalization;
import autoencoderj.ops.Tiling;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Applies a fully convolutional network to planes of any size, tile by tile
 * (see {@link Tiling}), in batches of tiles. A plane the network takes whole
 * within one tile's budget is computed in one pass, untiled. When memory runs
 * out, the batch is halved, then the tile; only when a single smallest tile
 * does not fit does it give up, with a message.
 */
public final class TiledPredictor {

	/** Default tile side: large enough to amortise margins, small enough for any heap. */
	public static final int DEFAULT_TILE = 256;
	/** Default tiles per network call. */
	public static final int DEFAULT_BATCH = 8;

	private final UnaryOperator<INDArray> network;
	private final ConvSpec spec;
	private final Normalization norm;
	private int tile, batch;

	/**
	 * @param network maps {@code [N, C, T, T]} normalised tiles to outputs of the same shape
	 */
	public TiledPredictor(final UnaryOperator<INDArray> network, final ConvSpec spec,
		final Normalization norm, final int tile, final int batch)
	{
		this.network = network;
		this.spec = spec;
		this.norm = norm;
		this.tile = spec.fittingSize(Math.max(tile, minimumTile(spec)));
		this.batch = Math.max(1, batch);
	}

	/** Context kept on each side of a tile's core: covers the receptive field. */
	static int margin(final ConvSpec spec) {
		return 4 << spec.depth();
	}

	static int minimumTile(final ConvSpec spec) {
		return 2 * margin(spec) + (1 << spec.depth()) + (spec.validLastConv() ? 4 : 0);
	}

	/** Current tile side, after any reduction for memory. */
	public int tile() { return tile; }

	/** Current batch size, after any reduction for memory. */
	public int batch() { return batch; }

	/**
	 * Predicts one plane.
	 *
	 * @param plane raw intensities in raster order, {@code width x height}
	 * @return output in the input's units, or {@code null} if cancelled
	 */
	public float[] predict(final PlaneReader plane, final int width, final int height,
		final BooleanSupplier cancelled)
	{
		if (spec.fits(width) && spec.fits(height) && (long) width * height <= (long) tile * tile) {
			return whole(plane, width, height);
		}
		while (true) {
			try {
				return tiled(plane, width, height, cancelled);
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

	private float[] whole(final PlaneReader plane, final int width, final int height) {
		final float[] in = new float[width * height];
		for (int i = 0; i < in.length; i++)
			in[i] = (float) norm.normalize(plane.get(i));
		final float[] out = run(Nd4j.create(in, new long[] { 1, 1, height, width }, 'c'));
		for (int i = 0; i < out.length; i++)
			out[i] = (float) norm.denormalize(out[i]);
		return out;
	}

	private float[] tiled(final PlaneReader plane, final int width, final int height,
		final BooleanSupplier cancelled)
	{
		final int unit = 1 << spec.depth();
		final Tiling tx = new Tiling(width, tile, unit, margin(spec));
		final Tiling ty = new Tiling(height, tile, unit, margin(spec));
		final float[] out = new float[width * height];
		final int total = tx.count() * ty.count();
		final int t = tile;
		for (int first = 0; first < total; first += batch) {
			if (cancelled.getAsBoolean()) return null;
			final int n = Math.min(batch, total - first);
			final float[] in = new float[n * t * t];
			for (int b = 0; b < n; b++) {
				final int x0 = tx.start((first + b) % tx.count()), y0 = ty.start((first + b) / tx.count());
				int k = b * t * t;
				for (int y = 0; y < t; y++) {
					final int row = Tiling.reflect(y0 + y, height) * width;
					for (int x = 0; x < t; x++)
						in[k++] = (float) norm.normalize(plane.get(row + Tiling.reflect(x0 + x, width)));
				}
			}
			final float[] result = run(Nd4j.create(in, new long[] { n, 1, t, t }, 'c'));
			for (int b = 0; b < n; b++) {
				final int cx = (first + b) % tx.count(), cy = (first + b) / tx.count();
				final int ox = tx.coreStart(cx), oy = ty.coreStart(cy);
				final int m = tx.margin();
				for (int y = 0; y < ty.core() && oy + y < height; y++)
					for (int x = 0; x < tx.core() && ox + x < width; x++)
						out[(oy + y) * width + ox + x] = (float) norm.denormalize(result[b * t * t + (y + m) * t +
							x + m]);
			}
		}
		return out;
	}

	/** The network's output as floats; native buffers are released at once, not at the next GC. */
	private float[] run(final INDArray in) {
		INDArray out = null;
		try {
			out = network.apply(in);
			final INDArray c = out.dup('c');
			final float[] values = c.data().asFloat();
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
