package autoencoderj.engine.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import autoencoderj.ops.Normalization;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tiles chosen within a voxel budget: all of z in one tile where the budget
 * allows, x-y tiles as wide as it allows, never below four margins; and the
 * values do not depend on the tiles (a network of a 3x3x3 mean, margins of
 * one voxel, computed here in Java).
 */
class TiledVolumePredictorTest {

	private static final Normalization SAME = new Normalization(0, 1, 0, 1);

	/** A 2-block U-Net's margins (28 voxels) and units (4), the benchmark's volume. */
	@Test
	void aBudgetBuysFewerLargerTilesAndAFixedDepthWhereZDoesNotFit() {
		final TiledVolumePredictor p = new TiledVolumePredictor(x -> x, new int[] { 28, 28 }, 4, 4,
			SAME, 116, 116);
		// fixed tiles of 116: cores of 60 (2 deep, 18 wide)
		assertEquals(2 * 18 * 18, p.tiles(64, 1024, 1024));
		// 5.9 million voxels: 120 slices (64 and two margins) by 220 x 220: cores of 164, 7 a side
		assertEquals(7 * 7, p.within(5_900_000).tiles(64, 1024, 1024));
		// too little for all of z with x-y tiles of four margins: the fixed depth, x-y grown
		assertEquals(2 * 18 * 18, p.within(1_000_000).tiles(64, 1024, 1024));
		// more than the volume needs: one tile
		assertEquals(1, p.within(1L << 40).tiles(64, 100, 90));
	}

	@Test
	void theValuesDoNotDependOnTheTiles() {
		final int d = 9, h = 23, w = 17;
		final float[] vol = new float[d * h * w];
		final java.util.Random r = new java.util.Random(3);
		for (int i = 0; i < vol.length; i++)
			vol[i] = r.nextFloat();
		final float[][] one = predictor(64).within(1L << 30).predict((z, i) -> vol[z * h * w + i], d, h,
			w, () -> false, null);
		final float[][] many = predictor(3).predict((z, i) -> vol[z * h * w + i], d, h, w,
			() -> false, null);
		for (int z = 0; z < d; z++)
			assertArrayEquals(one[z], many[z], 1e-6f, "slice " + z);
		// the mean of the 27 neighbours at a corner, the volume mirrored about its faces (-1 reads 0)
		float sum = 0;
		for (int dz = -1; dz <= 1; dz++)
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++)
					sum += vol[(Math.max(0, dz) * h + Math.max(0, dy)) * w + Math.max(0, dx)];
		assertEquals(sum / 27, one[0][0], 1e-5f);
	}

	/**
	 * Averaging over the 8 flips and rotations in x-y of a volume that is not
	 * square: the 3x3x3 mean turns with its input, so the average is the mean
	 * itself; progress counts the tiles of all eight passes.
	 */
	@Test
	void averagingTheTurnsOfANonSquareVolumeGivesTheTurnFreeResult() {
		final int d = 5, h = 13, w = 9;
		final float[] vol = new float[d * h * w];
		final java.util.Random r = new java.util.Random(4);
		for (int i = 0; i < vol.length; i++)
			vol[i] = r.nextFloat();
		final float[][] once = predictor(5).predict((z, i) -> vol[z * h * w + i], d, h, w, () -> false,
			null);
		final TiledVolumePredictor averaging = predictor(5).averaging(true);
		final int[] last = { 0 };
		final float[][] averaged = averaging.predict((z, i) -> vol[z * h * w + i], d, h, w, () -> false,
			done -> last[0] = done);
		for (int z = 0; z < d; z++)
			assertArrayEquals(once[z], averaged[z], 1e-5f, "slice " + z);
		assertEquals(averaging.tiles(d, h, w), last[0]);
		assertEquals(8 * predictor(5).tiles(d, h, w), last[0]);
	}

	/**
	 * Two input channels to three output channels, each with its own
	 * normalisation: output channel {@code c} is the 3x3x3 mean of input
	 * channel {@code c % 2} plus {@code c}, in normalised units; the same in
	 * one tile and in many.
	 */
	@Test
	void everyChannelIsNormalisedOnItsOwnAndLandsInItsPlanes() {
		final int d = 7, h = 19, w = 13, plane = h * w;
		final float[][] vol = new float[2][d * plane];
		final java.util.Random r = new java.util.Random(5);
		for (final float[] v : vol)
			for (int i = 0; i < v.length; i++)
				v[i] = 100 * r.nextFloat();
		final Normalization[] in = { new Normalization(0, 1, 0, 10), new Normalization(0, 1, 50, 150) };
		final Normalization[] out = { new Normalization(0, 1, 1, 3), new Normalization(0, 1, -4, 4),
			new Normalization(0, 1, 100, 1100) };
		final java.util.function.IntFunction<TiledVolumePredictor> predictor = tile ->
			new TiledVolumePredictor(x -> {
				final INDArray y = org.nd4j.linalg.factory.Nd4j.create(new long[] { 1, 3, x.size(2), x.size(3),
					x.size(4) }, 'c');
				for (int c = 0; c < 3; c++) {
					final INDArray one = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
						org.nd4j.linalg.indexing.NDArrayIndex.interval(c % 2, c % 2 + 1)).dup('c');
					y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex
						.interval(c, c + 1)).assign(mean(one).add(c));
				}
				return y;
			}, new int[] { 1, 1 }, 1, 1, in, out, tile, tile);
		final TiledVolumePredictor.ChannelReader reader = (c, z, i) -> vol[c][z * plane + i];
		final float[][] one = predictor.apply(64).within(1L << 30).predictChannels(reader, d, h, w,
			() -> false, null);
		final float[][] many = predictor.apply(3).predictChannels(reader, d, h, w, () -> false, null);
		assertEquals(3 * d, one.length);
		for (int p = 0; p < one.length; p++)
			assertArrayEquals(one[p], many[p], 1e-3f, "plane " + p);
		final int z = 3, y = 9, x = 6;
		for (int c = 0; c < 3; c++) {
			double sum = 0;
			for (int dz = -1; dz <= 1; dz++)
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++)
						sum += in[c % 2].normalize(vol[c % 2][(z + dz) * plane + (y + dy) * w + x + dx]);
			// float32 sums of 27 normalised values of order one, at the channel's range
			assertEquals(out[c].denormalize(sum / 27 + c), one[c * d + z][y * w + x], 1e-5 * (out[c]
				.high() - out[c].low()), "channel " + c);
		}
	}

	/** Mirrored 3x3x3 means, margins of one voxel, tiles of at most {@code tile} voxels a side. */
	private static TiledVolumePredictor predictor(final int tile) {
		return new TiledVolumePredictor(TiledVolumePredictorTest::mean, new int[] { 1, 1 }, 1, 1, SAME,
			tile, tile);
	}

	/** The 3x3x3 mean of the inner voxels of a [1, 1, z, y, x] tile; its faces are margins. */
	private static INDArray mean(final INDArray x) {
		final int d = (int) x.size(2), h = (int) x.size(3), w = (int) x.size(4);
		final float[] v = x.dup('c').data().asFloat(), out = new float[v.length];
		for (int z = 1; z < d - 1; z++)
			for (int y = 1; y < h - 1; y++)
				for (int c = 1; c < w - 1; c++) {
					float s = 0;
					for (int dz = -1; dz <= 1; dz++)
						for (int dy = -1; dy <= 1; dy++)
							for (int dx = -1; dx <= 1; dx++)
								s += v[((z + dz) * h + y + dy) * w + c + dx];
					out[(z * h + y) * w + c] = s / 27;
				}
		return org.nd4j.linalg.factory.Nd4j.create(out, x.shape(), 'c');
	}
}
