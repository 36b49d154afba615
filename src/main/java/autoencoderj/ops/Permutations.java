package autoencoderj.ops;

import java.util.Random;

/** Seeded shuffles of sample indices. */
public final class Permutations {

	private Permutations() {}

	/** A Fisher-Yates shuffle of {@code 0..n-1} drawn from {@code random}. */
	public static int[] of(final int n, final Random random) {
		final int[] order = new int[n];
		for (int i = 0; i < n; i++)
			order[i] = i;
		for (int i = n - 1; i > 0; i--) {
			final int j = random.nextInt(i + 1);
			final int t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		return order;
	}
}
