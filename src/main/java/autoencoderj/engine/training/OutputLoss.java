package autoencoderj.engine.training;

/**
 * The output activation and loss as DL4J computes them for the training
 * engines: sigmoid with binary cross-entropy, sigmoid or identity with
 * squared error averaged over the loss's columns. Written as short loops over
 * whole arrays because those are what the JIT turns into SIMD code.
 */
final class OutputLoss {

	private final boolean sigmoid, xent;
	private final int columns;

	/**
	 * @param columns the values DL4J's squared error averages over per row:
	 *          all outputs of a dense layer, the channels of a convolutional one
	 */
	OutputLoss(final boolean sigmoid, final boolean xent, final int columns) {
		if (xent && !sigmoid) throw new IllegalArgumentException("cross-entropy needs a sigmoid output");
		this.sigmoid = sigmoid;
		this.xent = xent;
		this.columns = columns;
	}

	/**
	 * @param z the {@code n} output pre-activations of a batch of {@code rows} samples
	 * @param y their targets
	 * @param mask 1 where a value counts, 0 where not (DL4J's label mask), or {@code null}
	 * @param d receives dLoss/dz divided by {@code rows}, as DL4J's updater divides it
	 * @param e scratch, overwritten
	 * @return the sum of the loss over all {@code n} values (before DL4J's division by columns)
	 */
	double apply(final float[] z, final float[] y, final float[] mask, final float[] d,
		final float[] e, final int n, final int rows)
	{
		apply(z, y, d, e, n, rows);
		if (mask != null) for (int i = 0; i < n; i++) {
			d[i] *= mask[i];
			e[i] *= mask[i];
		}
		return sum(e, n);
	}

	private void apply(final float[] z, final float[] y, final float[] d, final float[] e,
		final int n, final int rows)
	{
		final float perBatch = 1f / rows;
		if (!sigmoid) {
			final float scale = 2f * perBatch / columns;
			for (int i = 0; i < n; i++) {
				final float diff = z[i] - y[i];
				d[i] = scale * diff;
				e[i] = diff * diff;
			}
			return;
		}
		// e = exp(-z) for z clamped to [-32, 32] (beyond, the sigmoid is 0 or 1
		// in float): exp(x/64) by its Taylor series, squared six times
		for (int i = 0; i < n; i++) {
			final float x = Math.max(Math.min(-z[i], 32f), -32f) * (1f / 64);
			float p = 1f + x * (1f + x * (0.5f + x * (1f / 6 + x * (1f / 24 + x * (1f / 120 + x * (1f /
				720 + x * (1f / 5040)))))));
			p *= p;
			p *= p;
			p *= p;
			p *= p;
			p *= p;
			p *= p;
			e[i] = p;
		}
		if (xent) {
			for (int i = 0; i < n; i++)
				d[i] = (1f / (1f + e[i]) - y[i]) * perBatch;
			// loss = softplus(z) - y z, softplus(z) = max(z, 0) + log(1 + exp(-|z|))
			for (int i = 0; i < n; i++) {
				final float small = Math.min(e[i], 1f / e[i]);
				final float q = small / (2f + small), q2 = q * q;
				e[i] = Math.max(z[i], 0f) - y[i] * z[i] + 2f * q * (1f + q2 * (1f / 3 + q2 * (1f / 5 + q2 *
					(1f / 7 + q2 * (1f / 9 + q2 * (1f / 11))))));
			}
		}
		else {
			// DL4J's MSE: mean over columns of (p - y)^2, gradient 2 (p - y) / columns
			final float scale = 2f * perBatch / columns;
			for (int i = 0; i < n; i++) {
				final float p = 1f / (1f + e[i]);
				final float diff = p - y[i];
				d[i] = scale * diff * p * (1f - p);
				e[i] = diff * diff;
			}
		}
	}

	private static double sum(final float[] a, final int n) {
		float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
		int i = 0;
		for (; i + 8 <= n; i += 8) {
			s0 += a[i];
			s1 += a[i + 1];
			s2 += a[i + 2];
			s3 += a[i + 3];
			s4 += a[i + 4];
			s5 += a[i + 5];
			s6 += a[i + 6];
			s7 += a[i + 7];
		}
		double s = (double) s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
		for (; i < n; i++)
			s += a[i];
		return s;
	}
}
