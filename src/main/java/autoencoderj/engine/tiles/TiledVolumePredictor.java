package autoencoderj.engine.tiles;

import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;

import autoencoderj.ops.Dihedral;
import autoencoderj.ops.Normalization;
import autoencoderj.ops.Tiling;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Applies a fully convolutional 3-D network to volumes of any size, tile by
 * tile in z, y and x ({@link Tiling} on each axis), one tile per network
 * call: memory is bounded by the tile, not the volume. Every tile sees the
 * volume mirrored beyond its faces ({@link Tiling#reflect}), with at least
 * the receptive field as margin, so the result does not depend on the tile
 * size, at the faces too.
 */
public final class TiledVolumePredictor {

	/** Default tile: 32 slices of 128 x 128 (plus margins), a few hundred MB for a 32-filter U-Net. */
	public static final int DEFAULT_TILE_Z = 32, DEFAULT_TILE_XY = 128;

	private final UnaryOperator<INDArray> network;
	private final int marginZ, marginXY, unitZ, unitXY, tileZ, tileXY;
	/** Voxels a tile may have, margins included; 0 where the tiles are {@link #tileZ} and {@link #tileXY}. */
	private long budget;
	/** Each input channel's normalisation, each output channel's. */
	private final Normalization[] in, out;
	private boolean averaging;

	/** Raw intensity of voxel {@code (z, i)}, {@code i} the index in the plane's raster order. */
	@FunctionalInterface
	public interface VoxelReader {

		double get(int z, int i);
	}

	/** Raw intensity of channel {@code c}'s voxel {@code (z, i)}. */
	@FunctionalInterface
	public interface ChannelReader {

		double get(int c, int z, int i);
	}

	/**
	 * @param network maps {@code [1, 1, z, y, x]} normalised tiles to outputs of the same shape
	 * @param margin context kept on each side, {z, xy}: at least the receptive field, multiples of the units
	 * @param unitZ, unitXY what sizes must be multiples of (the pooling factors)
	 * @param tileZ, tileXY largest tile wanted; raised to what the margins need (see {@link #tile})
	 */
	public TiledVolumePredictor(final UnaryOperator<INDArray> network, final int[] margin,
		final int unitZ, final int unitXY, final Normalization norm, final int tileZ, final int tileXY)
	{
		this(network, margin, unitZ, unitXY, new Normalization[] { norm }, new Normalization[] { norm },
			tileZ, tileXY);
	}

	/**
	 * As above, for a network of {@code in.length} input and {@code out.length}
	 * output channels, each normalised on its own.
	 */
	public TiledVolumePredictor(final UnaryOperator<INDArray> network, final int[] margin,
		final int unitZ, final int unitXY, final Normalization[] in, final Normalization[] out,
		final int tileZ, final int tileXY)
	{
		this.network = network;
		this.in = in.clone();
		this.out = out.clone();
		this.marginZ = margin[0];
		this.marginXY = margin[1];
		this.unitZ = unitZ;
		this.unitXY = unitXY;
		this.tileZ = Math.max(tileZ, 2 * marginZ + unitZ);
		this.tileXY = Math.max(tileXY, 2 * marginXY + unitXY);
	}

	/**
	 * Makes this predictor choose its tiles per volume, as large as
	 * {@code voxels} allows (margins included): all of z in one tile where
	 * that leaves x-y tiles with cores at least twice their margins, else
	 * {@link #tile} slices; then the widest x-y tiles within the budget (and
	 * never narrower than four margins). Fewer, larger tiles compute less of
	 * the margins again: a 2-block U-Net's 28-voxel margins around a core of
	 * 32 x 72 x 72 made nine voxels computed for every one kept.
	 */
	public TiledVolumePredictor within(final long voxels) {
		budget = voxels;
		return this;
	}

	/** The largest tiles (z, x-y) for a volume of this size. */
	private int[] largest(final int depth, final int height, final int width) {
		if (budget <= 0) return new int[] { tileZ, tileXY };
		final int smallestXY = 4 * marginXY + unitXY;
		int z = up(depth, unitZ) + 2 * marginZ;
		if ((long) z * smallestXY * smallestXY > budget) z = tile(tileZ, marginZ, unitZ);
		int xy = (int) Math.min(Integer.MAX_VALUE, (long) Math.sqrt((double) budget / z)) / unitXY *
			unitXY;
		xy = Math.min(Math.max(xy, smallestXY), up(Math.max(height, width), unitXY) + 2 * marginXY);
		return new int[] { z, xy };
	}

	private static int up(final int size, final int unit) {
		return (size + unit - 1) / unit * unit;
	}

	/**
	 * The tile side to ask for along an axis: {@code preferred}, or four
	 * margins and a unit when that is more. A core smaller than the margin
	 * computes the context many times over: a 2-block U-Net's 28-slice margin
	 * left cores of 4 slices in the smallest tiles, 60 slices deep.
	 */
	public static int tile(final int preferred, final int margin, final int unit) {
		return Math.max(preferred, 4 * margin + unit);
	}

	/**
	 * @param progress told the number of tiles done; may be {@code null}
	 * @return the output in the input's units, {@code depth} planes in raster
	 *         order, or {@code null} if cancelled
	 */
	public float[][] predict(final VoxelReader in, final int depth, final int height, final int width,
		final BooleanSupplier cancelled, final IntConsumer progress)
	{
		return predictChannels((c, z, i) -> in.get(z, i), depth, height, width, cancelled, progress);
	}

	/**
	 * As above, for every input channel in and every output channel out: plane
	 * {@code c * depth + z} is output channel {@code c}'s slice {@code z}, in
	 * that channel's units.
	 */
	public float[][] predictChannels(final ChannelReader in, final int depth, final int height,
		final int width, final BooleanSupplier cancelled, final IntConsumer progress)
	{
		if (!averaging) return once(in, depth, height, width, cancelled, progress);
		final int perPass = passTiles(depth, height, width);
		// each plane of every channel turned in x-y alike
		return Dihedral.average(out.length * depth, width, height, (k, map, w, h) -> once((c, z,
			i) -> in.get(c, z, map[i]), depth, h, w, cancelled, progress == null ? null : done -> progress
				.accept(k * perPass + done)));
	}

	/**
	 * Makes this predictor predict each volume in its 8 flips and rotations in
	 * x-y and average the results back (8 times the work).
	 */
	public TiledVolumePredictor averaging(final boolean on) {
		averaging = on;
		return this;
	}

	private float[][] once(final ChannelReader reader, final int depth, final int height,
		final int width, final BooleanSupplier cancelled, final IntConsumer progress)
	{
		final Tiling[] t = tilings(depth, height, width);
		final Tiling tz = t[0], ty = t[1], tx = t[2];
		final int plane = height * width;
		final float[][] result = new float[out.length * depth][plane];
		final int d = tz.tile(), h = ty.tile(), w = tx.tile(), volume = d * h * w;
		final float[] tile = new float[in.length * volume];
		int done = 0;
		for (int iz = 0; iz < tz.count(); iz++)
			for (int iy = 0; iy < ty.count(); iy++)
				for (int ix = 0; ix < tx.count(); ix++) {
					if (cancelled.getAsBoolean()) return null;
					final int z0 = tz.start(iz), y0 = ty.start(iy), x0 = tx.start(ix);
					int k = 0;
					for (int c = 0; c < in.length; c++)
						for (int z = 0; z < d; z++) {
							final int sz = Tiling.reflect(z0 + z, depth);
							for (int y = 0; y < h; y++) {
								final int row = Tiling.reflect(y0 + y, height) * width;
								for (int x = 0; x < w; x++)
									tile[k++] = (float) in[c].normalize(reader.get(c, sz, row + Tiling.reflect(x0 + x,
										width)));
							}
						}
					final float[] output = run(Nd4j.create(tile, new long[] { 1, in.length, d, h, w }, 'c'));
					final int cz = tz.coreStart(iz), cy = ty.coreStart(iy), cx = tx.coreStart(ix);
					for (int c = 0; c < out.length; c++)
						for (int z = 0; z < tz.core() && cz + z < depth; z++)
							for (int y = 0; y < ty.core() && cy + y < height; y++)
								for (int x = 0; x < tx.core() && cx + x < width; x++)
									result[c * depth + cz + z][(cy + y) * width + cx + x] = (float) out[c].denormalize(
										output[c * volume + ((z + tz.margin()) * h + y + ty.margin()) * w + x + tx
											.margin()]);
					if (progress != null) progress.accept(++done);
				}
		return result;
	}

	/** Network calls the predictor makes for a volume of this size, for progress. */
	public int tiles(final int depth, final int height, final int width) {
		return passTiles(depth, height, width) * (averaging ? Dihedral.COUNT : 1);
	}

	/** Tiles of one pass over a volume (a flip or rotation in x-y keeps their number). */
	private int passTiles(final int depth, final int height, final int width) {
		final Tiling[] t = tilings(depth, height, width);
		return t[0].count() * t[1].count() * t[2].count();
	}

	/** The tilings of z, y and x. */
	private Tiling[] tilings(final int depth, final int height, final int width) {
		final int[] largest = largest(depth, height, width);
		return new Tiling[] { tiling(depth, largest[0], unitZ, marginZ), tiling(height, largest[1],
			unitXY, marginXY), tiling(width, largest[1], unitXY, marginXY) };
	}

	/** The fewest, smallest tiles along an axis (see {@link Tiling#fewest}). */
	private static Tiling tiling(final int size, final int tile, final int unit, final int margin) {
		return Tiling.fewest(size, tile / unit * unit, 2 * margin + unit, unit, margin, t -> t %
			unit == 0);
	}

	private float[] run(final INDArray in) {
		return TiledPredictor.outputOf(network, in);
	}
}
