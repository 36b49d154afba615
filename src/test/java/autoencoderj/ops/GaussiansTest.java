package autoencoderj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class GaussiansTest {

	private static float[] draw(final int n, final long key) {
		final float[] v = new float[n];
		Gaussians.add(v, 0, n, 1f, key);
		return v;
	}

	@Test
	void momentsAndTailsAreThoseOfAStandardNormal() {
		final int n = 1_000_001;
		final float[] v = draw(n, 42);
		double s = 0, s2 = 0, s4 = 0;
		int beyond2 = 0, beyond3 = 0;
		for (final float x : v) {
			s += x;
			s2 += x * x;
			s4 += (double) x * x * x * x;
			if (Math.abs(x) > 2) beyond2++;
			if (Math.abs(x) > 3) beyond3++;
		}
		assertEquals(0, s / n, 0.005, "mean");
		assertEquals(1, s2 / n, 0.005, "variance");
		assertEquals(3, s4 / n, 0.05, "fourth moment");
		assertEquals(0.0455, beyond2 / (double) n, 0.001, "P(|x| > 2)");
		assertEquals(0.0027, beyond3 / (double) n, 0.0003, "P(|x| > 3)");
		// the two halves of each Box-Muller pair are uncorrelated
		double cross = 0;
		final int pairs = (n + 1) / 2;
		for (int i = 0; i < n - pairs; i++)
			cross += v[i] * v[pairs + i];
		assertEquals(0, cross / (n - pairs), 0.005, "pair correlation");
	}

	@Test
	void sameKeySameNumbersOtherKeyOthers() {
		assertArrayEquals(draw(1001, 7), draw(1001, 7), 0f);
		assertFalse(Arrays.equals(draw(1001, 7), draw(1001, 8)));
		final float[] offset = new float[1010];
		Gaussians.add(offset, 9, 1010, 1f, 7);
		assertArrayEquals(draw(1001, 7), Arrays.copyOfRange(offset, 9, 1010), 0f, "independent of where the values lie");
	}

	@Test
	void logarithmIsAccurateOverTheUniformsRange() {
		for (float u = 1f / (1 << 25); u < 1f; u *= 1.001f)
			assertEquals(Math.log(u), Gaussians.ln(u), 1e-5 + 1e-6 * Math.abs(Math.log(u)), "ln " + u);
	}
}
