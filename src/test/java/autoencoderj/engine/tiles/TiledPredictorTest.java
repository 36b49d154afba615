package autoencoderj.engine.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import autoencoderj.app.SyntheticImages;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;
import autoencoderj.ops.Normalization;
import autoencoderj.ops.Tiling;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TiledPredictorTest {

	private static ConvSpec spec;
	private static UnaryOperator<INDArray> net;
	private static final Normalization NORM = new Normalization(1, 99.8, 100, 1100);

	@BeforeAll
	static void network() {
		spec = ConvSpec.forPatch(32, new int[] { 8, 8 }, ConvSpec.Upsampling.REPEAT, 1, 1,
			DenseSpec.Loss.MSE);
		final MultiLayerNetwork n = spec.chain(32, 32, 3, 1e-3);
		net = x -> n.output(x, false);
	}

	private static float[] image(final int w, final int h) {
		final float[] px = SyntheticImages.spots(w, h, w * h / 300, 11);
		for (int i = 0; i < px.length; i++)
			px[i] = 100 + 1000 * px[i];
		return px;
	}

	private static float[] predict(final float[] px, final int w, final int h, final int tile,
		final int batch)
	{
		return new TiledPredictor(net, spec, NORM, tile, batch).predict(i -> px[i], w, h, () -> false);
	}

	@Test
	void anImageThatFitsOneTileHasTheBorderValuesOfTheTiledImage() {
		// one tile of 64 pixels holds the whole 48x40 image; 32-pixel tiles need 48 of them
		final int w = 48, h = 40;
		final float[] px = image(w, h);
		final float[] one = predict(px, w, h, 256, 4);
		final float[] many = predict(px, w, h, 32, 4);
		double border = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (x < 6 || y < 6 || x >= w - 6 || y >= h - 6) border = Math.max(border, Math.abs(one[y * w +
					x] - many[y * w + x]));
		// units of 0-1000: float sums over 3x3x8 products per layer, a few layers deep
		assertEquals(0, border, 1e-2, "border pixels, one tile against many");
		assertArrayEquals(one, many, 1e-2f);
	}

	@Test
	void tileSizesBelowTheMinimumAreRefusedWithTheFix() {
		for (final int tile : new int[] { 1, -5, 31 }) {
			final IllegalArgumentException exc = assertThrows(IllegalArgumentException.class,
				() -> new TiledPredictor(net, spec, NORM, tile, 1));
			assertTrue(exc.getMessage().startsWith("tile=" + tile + " is too small: give a tile side of " +
				"at least 32 pixels"), exc.getMessage());
		}
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new TiledPredictor(net, spec,
			NORM, 64, 0)).getMessage().startsWith("batch=0"));
	}

	@Test
	void tilesOfAnySizeGiveTheSameSeamlessResultCoveringEveryPixel() {
		final int w = 100, h = 70; // multiples of neither tile
		final float[] px = image(w, h);
		final float[] small = predict(px, w, h, 48, 3);
		final float[] large = predict(px, w, h, 128, 2);
		assertEquals(w * h, small.length);
		// the untiled network on the mirror-padded image, cropped
		final int pad = 32, pw = 160, ph = 128;
		final float[] padded = new float[pw * ph];
		for (int y = 0; y < ph; y++)
			for (int x = 0; x < pw; x++)
				padded[y * pw + x] = (float) NORM.normalize(px[Tiling.reflect(y - pad, h) * w + Tiling.reflect(
					x - pad, w)]);
		final float[] whole = NORM.denormalize(net.apply(Nd4j.create(padded, new long[] { 1, 1, ph, pw },
			'c')).dup('c')).data().asFloat();
		double maxDiff = 0, maxTiles = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				assertTrue(Float.isFinite(small[y * w + x]));
				maxDiff = Math.max(maxDiff, Math.abs(small[y * w + x] - whole[(y + pad) * pw + x + pad]));
				maxTiles = Math.max(maxTiles, Math.abs(small[y * w + x] - large[y * w + x]));
			}
		assertEquals(0, maxTiles, 1e-2, "48- and 128-pixel tiles (in units of 0-1000)");
		assertEquals(0, maxDiff, 1e-2, "tiled vs untiled on the padded image");
		assertTrue(predict(px, w, h, 48, 3)[w * h - 1] != 0, "the last pixel is written");
	}

	@Test
	void tilesAreNoLargerThanTheirNumberNeeds() {
		// 2 blocks: margin 16, unit 4; tiles of at most 96 have cores of 64: 200 pixels need 4,
		// which cores of 52 cover as well (tiles of 84); 180 pixels need 3, cores of 60 (tiles of 92)
		final float[] px = image(200, 180);
		final java.util.List<long[]> shapes = new java.util.ArrayList<>();
		final float[] got = new TiledPredictor(x -> {
			shapes.add(x.shape());
			return net.apply(x);
		}, spec, NORM, 96, 1).predict(i -> px[i], 200, 180, () -> false);
		assertEquals(4 * 3, shapes.size());
		assertArrayEquals(new long[] { 1, 1, 92, 84 }, shapes.get(0));
		assertArrayEquals(predict(px, 200, 180, 160, 1), got, 1e-2f, "same result as larger tiles");
	}

	@Test
	void runningOutOfMemoryHalvesTheBatchAndThenTheTile() {
		final float[] px = image(100, 70);
		final float[] expected = predict(px, 100, 70, 96, 8);
		final AtomicInteger failures = new AtomicInteger();
		final UnaryOperator<INDArray> tight = x -> {
			if (x.size(0) > 1 || x.size(2) * x.size(3) > 48 * 48) {
				failures.incrementAndGet();
				throw new RuntimeException("Failed to allocate 123456 bytes: out of memory");
			}
			return net.apply(x);
		};
		final TiledPredictor p = new TiledPredictor(tight, spec, NORM, 96, 8);
		final float[] got = p.predict(i -> px[i], 100, 70, () -> false);
		assertArrayEquals(expected, got, 1e-2f);
		assertEquals(1, p.batch(), "8 -> 4 -> 2 -> 1 tile of 96 does not fit, then the tile shrinks");
		assertEquals(48, p.tile());
		assertTrue(failures.get() >= 4);

		final TiledPredictor hopeless = new TiledPredictor(x -> {
			throw new OutOfMemoryError("Java heap space");
		}, spec, NORM, 48, 1);
		final IllegalStateException exc = assertThrows(IllegalStateException.class, () -> hopeless.predict(
			i -> px[i], 100, 70, () -> false));
		assertTrue(exc.getMessage().startsWith("Not enough memory to apply the model even to one 48x48 tile."));
	}

	@Test
	void cancelGivesNoPartialResult() {
		final float[] px = image(100, 70);
		assertNull(new TiledPredictor(net, spec, NORM, 48, 1).predict(i -> px[i], 100, 70, () -> true));
	}

	@Test
	void reflectMirrorsRepeatingTheEdgeAsJdllDoes() {
		final int[] got = new int[11];
		for (int i = -4; i <= 6; i++)
			got[i + 4] = Tiling.reflect(i, 3);
		assertArrayEquals(new int[] { 2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 0 }, got);
		assertEquals(0, Tiling.reflect(5, 1));
		assertEquals(0, Tiling.reflect(-7, 1));
		final Tiling t = new Tiling(100, 48, 4, 16);
		assertEquals(16, t.core());
		assertEquals(7, t.count());
		assertEquals(-16, t.start(0));
	}

	@Test
	void averagingPredictsTheEightFlipsAndRotationsAndMapsThemBack() {
		final int w = 48, h = 40; // not square: four of the eight swap width and height
		final float[] px = image(w, h);
		final float[] averaged = new TiledPredictor(net, spec, NORM, 64, 2).averaging(true).predict(i ->
			px[i], w, h, () -> false);
		final double[] expected = new double[w * h];
		for (int k = 0; k < autoencoderj.ops.Dihedral.COUNT; k++) {
			final int[] map = autoencoderj.ops.Dihedral.map(k, w, h);
			final boolean t = autoencoderj.ops.Dihedral.transposes(k);
			final float[] turned = new float[w * h];
			for (int i = 0; i < map.length; i++)
				turned[i] = px[map[i]];
			final float[] out = predict(turned, t ? h : w, t ? w : h, 64, 2);
			for (int i = 0; i < map.length; i++)
				expected[map[i]] += out[i] / 8.0;
		}
		for (int i = 0; i < w * h; i++)
			assertEquals(expected[i], averaged[i], 1e-2, "pixel " + i);
		// each map is a permutation, and k = 0 is the identity
		for (int k = 0; k < 8; k++) {
			final int[] sorted = autoencoderj.ops.Dihedral.map(k, w, h).clone();
			java.util.Arrays.sort(sorted);
			for (int i = 0; i < sorted.length; i++)
				assertEquals(i, sorted[i]);
		}
		final int[] square = autoencoderj.ops.Dihedral.map(5, 4, 4);
		final float[] values = new float[16], turned = new float[16];
		for (int i = 0; i < 16; i++)
			values[i] = i;
		for (int i = 0; i < 16; i++)
			turned[i] = values[square[i]];
		autoencoderj.ops.Dihedral.apply(values, 0, 4, 5, new float[16]);
		assertArrayEquals(values, turned, 0f, "the same transformation as Dihedral.apply");
	}
}
