package autoencoderj.ops;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Principal component analysis of rows of data: the directions of largest
 * variance, and how much of the variance each explains.
 */
public final class Pca {

	private final double[] mean;
	private final double[][] components;
	private final double[] explained;

	private Pca(final double[] mean, final double[][] components, final double[] explained) {
		this.mean = mean;
		this.components = components;
		this.explained = explained;
	}

	/**
	 * Fits the first {@code count} components of {@code rows} ({@code [n][d]}),
	 * each with its sign chosen so that its largest coefficient is positive (so
	 * that results do not flip between runs).
	 */
	public static Pca fit(final double[][] rows, final int count) {
		final int n = rows.length, d = rows[0].length;
		if (count > d) throw new IllegalArgumentException("Cannot take " + count + " components of " + d +
			"-dimensional data");
		final double[] mean = new double[d];
		for (final double[] r : rows)
			for (int j = 0; j < d; j++)
				mean[j] += r[j] / n;
		final double[][] cov = new double[d][d];
		for (final double[] r : rows)
			for (int i = 0; i < d; i++) {
				final double ci = r[i] - mean[i];
				if (ci == 0) continue;
				for (int j = i; j < d; j++)
					cov[i][j] += ci * (r[j] - mean[j]);
			}
		for (int i = 0; i < d; i++)
			for (int j = i; j < d; j++)
				cov[j][i] = cov[i][j] /= Math.max(1, n - 1);
		final EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
		final double[] values = eig.getRealEigenvalues();
		final Integer[] order = new Integer[d];
		for (int i = 0; i < d; i++)
			order[i] = i;
		java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
		double total = 0;
		for (final double v : values)
			total += Math.max(0, v);
		final RealMatrix vectors = eig.getV();
		final double[][] components = new double[count][];
		final double[] explained = new double[count];
		for (int c = 0; c < count; c++) {
			final double[] v = vectors.getColumn(order[c]);
			int big = 0;
			for (int j = 1; j < d; j++)
				if (Math.abs(v[j]) > Math.abs(v[big])) big = j;
			if (v[big] < 0) for (int j = 0; j < d; j++)
				v[j] = -v[j];
			components[c] = v;
			explained[c] = total == 0 ? 0 : Math.max(0, values[order[c]]) / total;
		}
		return new Pca(mean, components, explained);
	}

	/** Coordinates of {@code rows} on the components, {@code [n][count]}. */
	public double[][] transform(final double[][] rows) {
		final double[][] out = new double[rows.length][components.length];
		for (int i = 0; i < rows.length; i++)
			for (int c = 0; c < components.length; c++) {
				double s = 0;
				for (int j = 0; j < mean.length; j++)
					s += (rows[i][j] - mean[j]) * components[c][j];
				out[i][c] = s;
			}
		return out;
	}

	/** Fraction of the total variance each component explains. */
	public double[] explained() {
		return explained.clone();
	}
}
