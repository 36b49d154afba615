package autoencoderj.ops;

/**
 * Standard normal numbers from a counter-based generator, written as plain
 * float loops that the JIT turns into SIMD code: a hash of (key, counter)
 * gives the uniforms, Box-Muller turns pairs of them into normals, with the
 * logarithm and sine/cosine as short polynomials. Drawing 47 million normals
 * (one MNIST epoch of noise) this way takes a fraction of what ND4J's native
 * generator or {@link java.util.Random#nextGaussian()} take, and the numbers
 * depend only on the key, not on threads or call order.
 */
public final class Gaussians {

	private static final float TWO_POW_MINUS_24 = 1f / (1 << 24);
	private static final float HALF_PI = (float) (Math.PI / 2);
	private static final int[] IOTA = new int[4096];

	static {
		for (int i = 0; i < IOTA.length; i++)
			IOTA[i] = i;
	}

	private Gaussians() {}

	/**
	 * Adds {@code sigma} times standard normal numbers to
	 * {@code values[from..to)}. The numbers are those of stream {@code key} at
	 * positions {@code 0..to-from}.
	 */
	public static void add(final float[] values, final int from, final int to, final float sigma,
		final long key)
	{
		final int n = to - from;
		final int pairs = (n + 1) / 2;
		final float[] radius = new float[pairs], sin = new float[pairs], cos = new float[pairs];
		uniforms(radius, key, 0);
		uniforms(sin, key, pairs);
		for (int i = 0; i < pairs; i++)
			radius[i] = sigma * (float) Math.sqrt(-2f * ln(radius[i]));
		// angle 2*phi with phi uniform in [-pi/2, pi/2): sin and cos of phi by
		// polynomial, then the double-angle formulas. Short loops, one result
		// each, because that is what the JIT vectorises.
		for (int i = 0; i < pairs; i++) {
			final float phi = HALF_PI * (2f * sin[i] - 1f), p2 = phi * phi;
			cos[i] = 1f + p2 * (-0.5f + p2 * (1f / 24 + p2 * (-1f / 720 + p2 * (1f / 40320 + p2 *
				(-1f / 3628800 + p2 * (1f / 479001600))))));
		}
		for (int i = 0; i < pairs; i++) {
			final float phi = HALF_PI * (2f * sin[i] - 1f), p2 = phi * phi;
			sin[i] = phi * (1f + p2 * (-1f / 6 + p2 * (1f / 120 + p2 * (-1f / 5040 + p2 * (1f /
				362880 + p2 * (-1f / 39916800))))));
		}
		for (int i = 0; i < pairs; i++)
			values[from + i] += radius[i] * (cos[i] * cos[i] - sin[i] * sin[i]);
		final int second = n - pairs, offset = from + pairs;
		for (int i = 0; i < second; i++)
			values[offset + i] += radius[i] * 2f * sin[i] * cos[i];
	}

	/** Uniform numbers in (0, 1), 24 bits each, from counters {@code first..}. */
	static void uniforms(final float[] out, final long key, final int first) {
		final int k0 = (int) key, k1 = (int) (key >>> 32);
		final int[] bits = new int[IOTA.length];
		final float[] chunk = new float[IOTA.length];
		for (int start = 0; start < out.length; start += IOTA.length) {
			final int len = Math.min(IOTA.length, out.length - start), base = first + start;
			// counters read from an array, hashing and conversion in separate
			// loops: each is a form the JIT vectorises, the fused loop is not
			for (int i = 0; i < len; i++) {
				int h = (IOTA[i] + base) * 0x9E3779B9 + k0;
				h ^= h >>> 16;
				h *= 0x85EBCA6B;
				h ^= h >>> 13;
				h ^= k1;
				h *= 0xC2B2AE35;
				h ^= h >>> 16;
				bits[i] = h >>> 8;
			}
			for (int i = 0; i < len; i++)
				chunk[i] = (bits[i] + 0.5f) * TWO_POW_MINUS_24;
			System.arraycopy(chunk, 0, out, start, len);
		}
	}

	/**
	 * Natural logarithm for {@code u} in [2^-25, 1]: six square roots bring u
	 * within [0.76, 1], where a short atanh series is exact to float precision;
	 * the result is scaled back by 64.
	 */
	static float ln(final float u) {
		// unrolled: the JIT does not vectorise a loop around an inner loop
		float v = (float) Math.sqrt(u);
		v = (float) Math.sqrt(v);
		v = (float) Math.sqrt(v);
		v = (float) Math.sqrt(v);
		v = (float) Math.sqrt(v);
		v = (float) Math.sqrt(v);
		final float t = (v - 1f) / (v + 1f), t2 = t * t;
		return 128f * t * (1f + t2 * (1f / 3 + t2 * (1f / 5 + t2 * (1f / 7))));
	}
}
