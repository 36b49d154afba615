package autoencoderj.engine.training;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fixed minibatches of given inputs and targets, in order, every epoch the
 * same: batches as a test wants them, of any shapes.
 */
final class ArrayBatches implements BatchSource {

	private final float[] input, target, mask;
	private final long[] inputShape, targetShape;
	private final int samples, batch;
	private final long lossColumns;

	/** @param lossColumns see {@link BatchSource#lossColumns()} */
	ArrayBatches(final INDArray input, final INDArray target, final int batch,
		final long lossColumns)
	{
		this(input, target, null, batch, lossColumns);
	}

	/** @param mask DL4J's label mask, shaped as {@code target}, or {@code null} */
	ArrayBatches(final INDArray input, final INDArray target, final INDArray mask, final int batch,
		final long lossColumns)
	{
		this.mask = mask == null ? null : mask.dup('c').data().asFloat();
		this.input = input.dup('c').data().asFloat();
		this.target = target.dup('c').data().asFloat();
		this.inputShape = Arrays.copyOfRange(input.shape(), 1, input.rank());
		this.targetShape = Arrays.copyOfRange(target.shape(), 1, target.rank());
		this.samples = (int) input.size(0);
		this.batch = batch;
		this.lossColumns = lossColumns;
	}

	@Override
	public Epoch startEpoch() {
		return new Epoch() {

			@Override
			public int batches() {
				return (samples + batch - 1) / batch;
			}

			@Override
			public int rows(final int b) {
				return Math.min(batch, samples - b * batch);
			}

			@Override
			public void fill(final int b, final float[] in, final float[] out) {
				final int vi = BatchSource.values(inputShape), vo = BatchSource.values(targetShape);
				System.arraycopy(input, b * batch * vi, in, 0, rows(b) * vi);
				System.arraycopy(target, b * batch * vo, out, 0, rows(b) * vo);
			}

			@Override
			public void fill(final int b, final float[] in, final float[] out, final float[] m) {
				fill(b, in, out);
				final int vo = BatchSource.values(targetShape);
				if (m != null) System.arraycopy(mask, b * batch * vo, m, 0, rows(b) * vo);
			}
		};
	}

	@Override
	public long[] inputShape() {
		return inputShape.clone();
	}

	@Override
	public long[] targetShape() {
		return targetShape.clone();
	}

	@Override
	public int batch() {
		return Math.min(batch, samples);
	}

	@Override
	public boolean masked() {
		return mask != null;
	}

	/** The values a mask keeps, on average per sample; all of a sample's without a mask. */
	@Override
	public long valuesPerSample() {
		if (mask == null) return BatchSource.values(targetShape);
		double sum = 0;
		for (final float m : mask)
			sum += m;
		return Math.round(sum / samples);
	}

	@Override
	public long lossColumns() {
		return lossColumns;
	}
}
