package autoencoderj.ops;

import java.util.HashMap;
import java.util.Map;

/** Nearest-neighbour classification, to measure how well points of a space separate classes. */
public final class Neighbours {

	private Neighbours() {}

	/**
	 * Leave-one-out accuracy of a {@code k}-nearest-neighbour vote (Euclidean;
	 * ties in the vote go to the class of the nearest of the tied neighbours).
	 */
	public static double leaveOneOutAccuracy(final double[][] points, final String[] labels,
		final int k)
	{
		final int n = points.length;
		int correct = 0;
		final double[] dist = new double[n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				double s = 0;
				for (int c = 0; c < points[i].length; c++) {
					final double d = points[i][c] - points[j][c];
					s += d * d;
				}
				dist[j] = j == i ? Double.POSITIVE_INFINITY : s;
			}
			final int[] nearest = new int[k];
			final boolean[] taken = new boolean[n];
			for (int m = 0; m < k; m++) {
				int best = -1;
				for (int j = 0; j < n; j++)
					if (!taken[j] && (best < 0 || dist[j] < dist[best])) best = j;
				taken[best] = true;
				nearest[m] = best;
			}
			final Map<String, Integer> votes = new HashMap<>();
			String winner = null;
			int most = 0;
			for (final int m : nearest) {
				final int v = votes.merge(labels[m], 1, Integer::sum);
				if (v > most) {
					most = v;
					winner = labels[m];
				}
			}
			// the first label to reach the top count is the one with the nearest member among the tied
			if (winner.equals(labels[i])) correct++;
		}
		return (double) correct / n;
	}
}
