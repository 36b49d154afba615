package autoencoderj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Normalisation, Poisson noise, PCA and nearest neighbours, each on values worked out by hand. */
class OpsTest {

	@Test
	void percentilesInterpolateAndMapBothWays() {
		// 0, 1, ..., 100: the p-th percentile is p
		final float[] v = new float[101];
		for (int i = 0; i <= 100; i++)
			v[i] = 100 - i;
		final Normalization n = Normalization.percentiles(ArrayImgs.floats(v, 101), 1, 99.5);
		assertEquals(1, n.low(), 1e-9);
		assertEquals(99.5, n.high(), 1e-9);
		assertEquals(0, n.normalize(1), 1e-12);
		assertEquals(1, n.normalize(99.5), 1e-12);
		assertEquals(0.5, n.normalize(50.25), 1e-12);
		assertEquals(50.25, n.denormalize(0.5), 1e-12);
		final float[] back = n.denormalize(n.normalize(Nd4j.createFromArray(3f, 42f, 77f))).toFloatVector();
		assertArrayEquals(new float[] { 3, 42, 77 }, back, 1e-4f);
		assertThrows(IllegalArgumentException.class, () -> Normalization.percentiles(ArrayImgs.floats(
			new float[] { 2, 2, 2 }, 3), 1, 99), "a flat image has no contrast");
	}

	@Test
	void poissonNoiseHasTheMeanAndVarianceOfItsPhotons() {
		// intensity 0.5 at 20 photons: counts of mean 10, so values of mean 0.5 and variance 10/400
		final Noise noise = Noises.poissonGaussian(20, 0, false);
		final float[] v = new float[200_000];
		java.util.Arrays.fill(v, 0.5f);
		noise.corrupt(v, 0, v.length, 7);
		double sum = 0, sq = 0;
		for (final float x : v) {
			sum += x;
			sq += x * x;
			assertEquals(0, Math.abs(x * 20 - Math.round(x * 20)), 1e-4, "whole photons: " + x);
		}
		final double mean = sum / v.length, var = sq / v.length - mean * mean;
		// standard errors: 0.00035 for the mean, about 0.0001 for the variance
		assertEquals(0.5, mean, 0.002);
		assertEquals(10.0 / 400, var, 0.001);
		final float[] again = new float[200_000];
		java.util.Arrays.fill(again, 0.5f);
		noise.corrupt(again, 0, again.length, 7);
		assertArrayEquals(v, again, 0, "same key, same noise");
		assertEquals("poisson", noise.type());
	}

	@Test
	void pcaFindsTheDirectionOfMostVariance() {
		// points along (3, 4)/5 with a little spread across it
		final double[][] rows = new double[200][];
		final java.util.Random r = new java.util.Random(1);
		for (int i = 0; i < rows.length; i++) {
			final double t = r.nextGaussian() * 10, s = r.nextGaussian() * 0.5;
			rows[i] = new double[] { 3 * t / 5 - 4 * s / 5 + 7, 4 * t / 5 + 3 * s / 5 - 2 };
		}
		final Pca pca = Pca.fit(rows, 2);
		final double[] explained = pca.explained();
		assertTrue(explained[0] > 0.99 && explained[0] + explained[1] > 0.9999, java.util.Arrays
			.toString(explained));
		double mx = 0, my = 0;
		for (final double[] row : rows) {
			mx += row[0] / rows.length;
			my += row[1] / rows.length;
		}
		// one step of (3, 4) from the mean is 5 along the first component, 0 along the second
		final double[][] projected = pca.transform(new double[][] { { mx + 3, my + 4 } });
		assertEquals(5, Math.abs(projected[0][0]), 0.05);
		assertEquals(0, projected[0][1], 0.05);
	}

	@Test
	void nearestNeighboursVoteLeavingEachPointOut() {
		final double[][] points = { { 0 }, { 1 }, { 2 }, { 10 }, { 11 }, { 12 }, { 1.5 } };
		final String[] labels = { "a", "a", "a", "b", "b", "b", "b" };
		// 3 neighbours: only 1.5, among the a's, is misclassified
		assertEquals(6.0 / 7, Neighbours.leaveOneOutAccuracy(points, labels, 3), 1e-12);
		// 1 neighbour: 1 and 2 take 1.5's b, and 1.5 takes an a (1 and 2 tie; the first nearest wins)
		assertEquals(4.0 / 7, Neighbours.leaveOneOutAccuracy(points, labels, 1), 1e-12);
	}
}
