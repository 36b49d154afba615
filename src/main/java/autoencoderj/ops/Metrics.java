package autoencoderj.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Image quality measures on arrays of equal shape. */
public final class Metrics {

	private Metrics() {}

	/** Mean squared error over all elements. */
	public static double mse(final INDArray reference, final INDArray test) {
		if (!reference.equalShapes(test)) throw new IllegalArgumentException(
			"Shapes differ: " + java.util.Arrays.toString(reference.shape()) + " vs " + java.util.Arrays
				.toString(test.shape()));
		final INDArray diff = test.sub(reference);
		return diff.muli(diff).meanNumber().doubleValue();
	}

	/**
	 * Binary cross-entropy averaged over all elements, with predictions clipped
	 * to {@code [1e-7, 1 - 1e-7]} as PyTorch and Keras do.
	 */
	public static double binaryCrossEntropy(final INDArray target, final INDArray prediction) {
		final INDArray p = Transforms.min(Transforms.max(prediction, 1e-7, true), 1 - 1e-7, false);
		final INDArray q = p.rsub(1);
		final INDArray loss = target.mul(Transforms.log(p, false)).addi(target.rsub(1).muli(Transforms
			.log(q, false)));
		return -loss.meanNumber().doubleValue();
	}

	/**
	 * Peak signal-to-noise ratio in dB, {@code 10 log10(range^2 / MSE)}.
	 *
	 * @param range the intensity range of the reference (1 for normalised data)
	 */
	public static double psnr(final INDArray reference, final INDArray test, final double range) {
		return psnr(mse(reference, test), range);
	}

	public static double psnr(final double mse, final double range) {
		return 10 * Math.log10(range * range / mse);
	}
}
