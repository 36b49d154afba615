package autoencoderj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BlindSpotsTest {

	private static final int SIDE = 16, N = 3;

	/** Patches of distinct values: a replacement's source is known by its value. */
	private static float[] patches() {
		final float[] v = new float[N * SIDE * SIDE];
		for (int i = 0; i < v.length; i++)
			v[i] = i + 0.5f;
		return v;
	}

	@Test
	void onePixelPerGridCellIsMaskedAndReplacedByAnotherPixelOfItsWindow() {
		final BlindSpots spots = new BlindSpots(1.0 / 16, BlindSpots.Replacement.NEIGHBOUR);
		assertEquals(16, spots.perPatch(SIDE), "a 4x4 grid of 4-pixel cells");
		final float[] in = patches(), original = in.clone(), target = new float[in.length],
				mask = new float[in.length];
		spots.apply(in, target, mask, N, 1, SIDE, new Random(7));
		assertArrayEquals(original, target, "targets are the noisy pixels themselves");
		for (int p = 0; p < N; p++) {
			final int[] perCell = new int[16];
			for (int y = 0; y < SIDE; y++)
				for (int x = 0; x < SIDE; x++) {
					final int i = p * SIDE * SIDE + y * SIDE + x;
					if (mask[i] == 0) {
						assertEquals(original[i], in[i], "unmasked pixels are unchanged");
						continue;
					}
					assertEquals(1f, mask[i]);
					perCell[y / 4 * 4 + x / 4]++;
					assertNotEquals(original[i], in[i], "never the pixel itself");
					// the value says where it came from: the same patch, a 5x5 window
					final int from = (int) in[i];
					assertEquals(p, from / (SIDE * SIDE));
					final int fy = from % (SIDE * SIDE) / SIDE, fx = from % SIDE;
					assertTrue(Math.abs(fy - y) <= 2 && Math.abs(fx - x) <= 2, "from " + fy + "," + fx +
						" for " + y + "," + x);
				}
			for (final int c : perCell)
				assertEquals(1, c, "one masked pixel per cell (stratified)");
		}
	}

	@Test
	void medianReplacementIsTheMedianOfTheOtherPixelsOfTheWindow() {
		final BlindSpots spots = new BlindSpots(1.0 / 16, BlindSpots.Replacement.MEDIAN);
		final Random noise = new Random(3);
		final float[] in = new float[N * SIDE * SIDE];
		for (int i = 0; i < in.length; i++)
			in[i] = (float) noise.nextGaussian();
		final float[] original = in.clone(), target = new float[in.length], mask = new float[in.length];
		spots.apply(in, target, mask, N, 1, SIDE, new Random(7));
		int masked = 0;
		for (int i = 0; i < in.length; i++) {
			if (mask[i] == 0) continue;
			masked++;
			final int p = i / (SIDE * SIDE), y = i % (SIDE * SIDE) / SIDE, x = i % SIDE;
			final float[] w = new float[24];
			int k = 0;
			for (int yy = Math.max(0, y - 2); yy <= Math.min(SIDE - 1, y + 2); yy++)
				for (int xx = Math.max(0, x - 2); xx <= Math.min(SIDE - 1, x + 2); xx++)
					if (yy != y || xx != x) w[k++] = original[p * SIDE * SIDE + yy * SIDE + xx];
			Arrays.sort(w, 0, k);
			final float median = k % 2 == 1 ? w[k / 2] : 0.5f * (w[k / 2 - 1] + w[k / 2]);
			assertEquals(median, in[i], 0f, "pixel " + y + "," + x);
		}
		assertEquals(N * 16, masked);
	}

	@Test
	void theSameSeedGivesTheSameMasksAndAnotherSeedOthers() {
		final BlindSpots spots = new BlindSpots(0.015, BlindSpots.Replacement.MEDIAN);
		final float[][] masks = new float[3][];
		final long[] seeds = { 5, 5, 6 };
		for (int s = 0; s < 3; s++) {
			final float[] in = patches(), target = new float[in.length];
			masks[s] = new float[in.length];
			spots.apply(in, target, masks[s], N, 1, SIDE, new Random(seeds[s]));
		}
		assertArrayEquals(masks[0], masks[1]);
		assertFalse(Arrays.equals(masks[0], masks[2]));
		// 0.015: cells of 8 pixels, 4 per 16-pixel patch
		assertEquals(N * 4, (int) sum(masks[0]));
	}

	@Test
	void everyChannelOfAMaskedPixelIsMasked() {
		final BlindSpots spots = new BlindSpots(1.0 / 16, BlindSpots.Replacement.NEIGHBOUR);
		final float[] in = new float[2 * SIDE * SIDE], target = new float[in.length],
				mask = new float[in.length];
		for (int i = 0; i < in.length; i++)
			in[i] = i;
		spots.apply(in, target, mask, 1, 2, SIDE, new Random(1));
		assertArrayEquals(Arrays.copyOfRange(mask, 0, SIDE * SIDE), Arrays.copyOfRange(mask, SIDE *
			SIDE, 2 * SIDE * SIDE));
	}

	/** Noisy values far from the line's random values (0 to 1), so that each is told apart. */
	private static float[] offsetNoise(final int n, final long seed) {
		final Random r = new Random(seed);
		final float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = 10 + (float) r.nextGaussian();
		return v;
	}

	@Test
	void aLineMaskHidesTheLineThroughEveryBlindSpotAlongTheImageAxisAndTheMedianLeavesItOut() {
		final LineMask line = LineMask.parse("x5");
		final BlindSpots spots = new BlindSpots(1.0 / 16, BlindSpots.Replacement.MEDIAN, line);
		final float[] in = offsetNoise(N * SIDE * SIDE, 4), original = in.clone(),
				target = new float[in.length], mask = new float[in.length];
		// the middle patch was transposed by its augmentation: the image's x is its y
		final boolean[] transposed = { false, true, false };
		spots.apply(in, target, mask, N, 1, SIDE, new Random(7), transposed);
		assertArrayEquals(original, target, "targets are the noisy pixels themselves");
		final boolean[] onALine = new boolean[in.length];
		int centres = 0, hidden = 0;
		for (int i = 0; i < in.length; i++) {
			if (mask[i] == 0) continue;
			centres++;
			final int p = i / (SIDE * SIDE), y = i % (SIDE * SIDE) / SIDE, x = i % SIDE;
			final int ay = transposed[p] ? 1 : 0, ax = transposed[p] ? 0 : 1;
			for (int d = -2; d <= 2; d++) {
				final int yy = y + d * ay, xx = x + d * ax;
				if (d == 0 || yy < 0 || yy >= SIDE || xx < 0 || xx >= SIDE) continue;
				final int j = p * SIDE * SIDE + yy * SIDE + xx;
				onALine[j] = true;
				hidden++;
				assertTrue(in[j] >= 0 && in[j] < 1 || mask[j] == 1, "pixel " + yy + "," + xx + " on the " +
					"line of " + y + "," + x + " (patch " + p + ") is hidden: " + in[j]);
			}
			assertNotEquals(original[i], in[i], "never the blind spot's own value");
			if (in[i] < 1) continue; // hidden since by a later blind spot's line
			final float[] w = new float[24];
			int k = 0;
			for (int yy = Math.max(0, y - 2); yy <= Math.min(SIDE - 1, y + 2); yy++)
				for (int xx = Math.max(0, x - 2); xx <= Math.min(SIDE - 1, x + 2); xx++) {
					final boolean onLine = transposed[p] ? xx == x : yy == y;
					if (!onLine) w[k++] = original[p * SIDE * SIDE + yy * SIDE + xx];
				}
			if (y >= 2 && y < SIDE - 2 && x >= 2 && x < SIDE - 2) assertEquals(20, k, "a 5x5 window " +
				"less its line of 5");
			Arrays.sort(w, 0, k);
			final float median = k % 2 == 1 ? w[k / 2] : 0.5f * (w[k / 2 - 1] + w[k / 2]);
			assertEquals(median, in[i], 0f, "the median of the window without the line, at " + y + "," + x);
		}
		assertEquals(N * 16, centres, "one blind spot per cell, as without a line");
		assertTrue(hidden > N * 16 * 3, "lines of 4 other pixels, fewer at the borders: " + hidden);
		for (int i = 0; i < in.length; i++)
			if (in[i] != original[i]) assertTrue(mask[i] == 1 || onALine[i], "only blind spots and " +
				"their lines change; pixel " + i + " changed");
	}

	@Test
	void withALineTheNeighbourReplacementComesFromOffTheLineAndAVolumesLineStaysInItsSlice() {
		final BlindSpots spots = new BlindSpots(1.0 / 16, BlindSpots.Replacement.NEIGHBOUR, LineMask
			.parse("y5"));
		final float[] in = new float[N * SIDE * SIDE], target = new float[in.length],
				mask = new float[in.length];
		for (int i = 0; i < in.length; i++)
			in[i] = i + 10.5f;
		spots.apply(in, target, mask, N, 1, SIDE, new Random(9), null);
		int read = 0;
		for (int i = 0; i < in.length; i++) {
			if (mask[i] == 0 || in[i] < 1) continue;
			final int from = (int) (in[i] - 10), y = i % (SIDE * SIDE) / SIDE, x = i % SIDE;
			final int fy = from % (SIDE * SIDE) / SIDE, fx = from % SIDE;
			assertTrue(from != i && !(fx == x && Math.abs(fy - y) <= 2), "from " + fy + "," + fx +
				" for " + y + "," + x + ": neither the pixel nor its column line");
			read++;
		}
		assertTrue(read > 0);
		// a volume: the line lies in the blind spot's slice, along y
		final int depth = 4, volume = depth * SIDE * SIDE;
		final float[] v = offsetNoise(volume, 2), original = v.clone(), t = new float[volume],
				m = new float[volume];
		new BlindSpots(1.0 / 32, BlindSpots.Replacement.MEDIAN, LineMask.parse("y3")).apply(v, t, m, 1,
			1, depth, SIDE, new Random(3), null);
		for (int i = 0; i < volume; i++) {
			if (v[i] == original[i] || m[i] == 1) continue;
			final int z = i / (SIDE * SIDE), y = i % (SIDE * SIDE) / SIDE, x = i % SIDE;
			final boolean besideASpot = y > 0 && m[i - SIDE] == 1 || y < SIDE - 1 && m[i + SIDE] == 1;
			assertTrue(besideASpot, "changed voxel " + z + "," + y + "," + x + " is on a blind spot's " +
				"y line in its slice");
		}
	}

	@Test
	void lineMasksAreReadFromTheirKeyAndOthersRefused() {
		assertEquals("x9", LineMask.parse(" X9 ").key());
		assertEquals(4, LineMask.parse("x9").reach());
		assertFalse(LineMask.parse("y3").alongX());
		assertEquals(null, LineMask.parse("none"));
		for (final String bad : new String[] { "x4", "z5", "x1", "x33", "9x", "x" }) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> LineMask.parse(bad));
			assertTrue(e.getMessage().contains("Unknown structure '" + bad + "'") && e.getMessage()
				.contains("x9"), e.getMessage());
		}
	}

	@Test
	void fractionsOutsideTheUsefulRangeAreRefused() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new BlindSpots(0.5, BlindSpots.Replacement.MEDIAN));
		assertTrue(e.getMessage().contains("masked fraction"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new BlindSpots(0,
			BlindSpots.Replacement.MEDIAN));
	}

	@Test
	void dihedralTransformsAreTheEightFlipsAndRotations() {
		final float[] scratch = new float[9];
		final java.util.Set<String> seen = new java.util.HashSet<>();
		for (int k = 0; k < 8; k++) {
			final float[] v = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
			Dihedral.apply(v, 0, 3, k, scratch);
			assertEquals(5f, v[4], "the centre stays");
			seen.add(Arrays.toString(v));
		}
		assertEquals(8, seen.size(), "eight different results");
		final float[] v = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
		Dihedral.apply(v, 0, 3, 1, scratch);
		assertArrayEquals(new float[] { 3, 2, 1, 6, 5, 4, 9, 8, 7 }, v, "bit 0 flips left-right");
	}

	private static double sum(final float[] a) {
		double s = 0;
		for (final float v : a)
			s += v;
		return s;
	}

	@Test
	void volumesGetOneVoxelPerCellWithTheFractionAskedFor() {
		// 0.39% (1/256), the 3-D Noise2Void workload: cells of 4x8x8, not the nearest cube (6x6x6, 0.46%)
		final BlindSpots spots = new BlindSpots(1.0 / 256, BlindSpots.Replacement.MEDIAN);
		assertArrayEquals(new int[] { 4, 8, 8 }, spots.volumeCell());
		assertEquals(256, spots.perVolume(16, 64));
		assertEquals(1.0 / 256, spots.fraction(16, 64), 1e-12);
		for (final double f : new double[] { 0.002, 0.0039, 0.01, 0.02, 0.05 }) {
			final int[] c = new BlindSpots(f, BlindSpots.Replacement.MEDIAN).volumeCell();
			final double got = 1.0 / (c[0] * c[1] * c[2]);
			assertTrue(Math.abs(got - f) / f < 0.1, f + " asked, " + got + " masked with cells " + Arrays
				.toString(c));
		}
		// 1.5%, N2V's 2-D default: 4x4x4 cells
		assertArrayEquals(new int[] { 4, 4, 4 }, new BlindSpots(1.0 / 64, BlindSpots.Replacement.MEDIAN)
			.volumeCell());
	}

	@Test
	void volumeMasksReplaceEachVoxelFromItsWindowNeverItself() {
		final int depth = 8, side = 12, n = 2, volume = depth * side * side;
		for (final BlindSpots.Replacement r : BlindSpots.Replacement.values()) {
			final BlindSpots spots = new BlindSpots(1.0 / 64, r);
			final float[] in = new float[n * volume];
			for (int i = 0; i < in.length; i++)
				in[i] = i + 0.5f;
			final float[] original = in.clone(), target = new float[in.length], mask = new float[in.length];
			spots.apply(in, target, mask, n, 1, depth, side, new Random(3));
			assertArrayEquals(original, target);
			for (int p = 0; p < n; p++) {
				final int[] perCell = new int[2 * 3 * 3];
				for (int i = 0; i < volume; i++) {
					final int g = p * volume + i, z = i / (side * side), y = i / side % side, x = i % side;
					if (mask[g] == 0) {
						assertEquals(original[g], in[g], "unmasked voxels are unchanged");
						continue;
					}
					perCell[z / 4 * 9 + y / 4 * 3 + x / 4]++;
					if (r == BlindSpots.Replacement.NEIGHBOUR) {
						assertNotEquals(original[g], in[g], "never the voxel itself");
						final int from = (int) in[g] - p * volume;
						assertTrue(from >= 0 && from < volume, "from the same patch");
						assertTrue(Math.abs(from / (side * side) - z) <= 2 && Math.abs(from / side % side - y) <= 2 &&
							Math.abs(from % side - x) <= 2, "from the 5x5x5 window");
					}
					else {
						// the median of the window's other voxels (the voxel left out), clipped to the patch
						final java.util.List<Float> w = new java.util.ArrayList<>();
						for (int zz = Math.max(0, z - 2); zz <= Math.min(depth - 1, z + 2); zz++)
							for (int yy = Math.max(0, y - 2); yy <= Math.min(side - 1, y + 2); yy++)
								for (int xx = Math.max(0, x - 2); xx <= Math.min(side - 1, x + 2); xx++)
									if (zz != z || yy != y || xx != x) w.add(original[p * volume + (zz * side + yy) * side +
										xx]);
						java.util.Collections.sort(w);
						final int k = w.size();
						assertEquals(k % 2 == 1 ? w.get(k / 2) : 0.5f * (w.get(k / 2 - 1) + w.get(k / 2)), in[g]);
					}
				}
				for (final int c : perCell)
					assertEquals(1, c, r + ": one masked voxel per 4x4x4 cell");
			}
			// the same seed, the same masks
			final float[] again = original.clone(), mask2 = new float[in.length];
			spots.apply(again, new float[in.length], mask2, n, 1, depth, side, new Random(3));
			assertArrayEquals(mask, mask2);
			assertArrayEquals(in, again);
		}
	}
}
