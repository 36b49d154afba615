package autoencoderj.engine.training;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training pairs of one epoch at a time, in the one form every training
 * step takes: minibatches of samples as float arrays, row after row,
 * channels-first, input (corrupted) and target (clean, or the other image).
 * Implementations are seeded: epoch {@code e} of two sources built with the
 * same seed yields the same batches.
 */
public interface BatchSource {

	/** One epoch's minibatches, made on demand, in order. */
	interface Epoch {

		int batches();

		/** Samples in batch {@code b}. */
		int rows(int b);

		/**
		 * Writes batch {@code b}'s inputs and targets, row after row. Called once
		 * per batch, in order (the batches may draw from a random sequence).
		 */
		void fill(int b, float[] input, float[] target);

		/**
		 * {@link #fill(int, float[], float[])} and, for a {@link #masked()} source,
		 * the loss mask: 1 where a target value counts, 0 where not.
		 */
		default void fill(final int b, final float[] input, final float[] target, final float[] mask) {
			fill(b, input, target);
		}
	}

	/** Writes batch {@code b}: inputs, targets and, for a masked source, the loss mask. */
	@FunctionalInterface
	interface Filler {

		void fill(int b, float[] input, float[] target, float[] mask);
	}

	/**
	 * An epoch of {@code batches} batches of {@code rows} samples each, made by
	 * {@code filler}; a mask it is not given (unmasked use) it may write to scratch.
	 */
	static Epoch epoch(final int batches, final int rows, final Filler filler) {
		return new Epoch() {

			@Override
			public int batches() {
				return batches;
			}

			@Override
			public int rows(final int b) {
				return rows;
			}

			@Override
			public void fill(final int b, final float[] input, final float[] target) {
				filler.fill(b, input, target, null);
			}

			@Override
			public void fill(final int b, final float[] input, final float[] target, final float[] mask) {
				filler.fill(b, input, target, mask);
			}
		};
	}

	/** Whether the loss counts only some target values, those its epochs' masks mark. */
	default boolean masked() {
		return false;
	}

	/** The next epoch. */
	Epoch startEpoch();

	/** The shape of one input sample, e.g. {@code [C, H, W]} or {@code [pixels]}. */
	long[] inputShape();

	/** The shape of one target sample: the input's, as an autoencoder's, unless said otherwise. */
	default long[] targetShape() {
		return inputShape();
	}

	/** The largest number of samples in a batch. */
	int batch();

	/** Number of output values per sample that the loss counts, to report loss per value. */
	long valuesPerSample();

	/**
	 * Number of values per row of DL4J's loss: all of them for a dense output,
	 * the channels for a convolutional one, whose loss DL4J computes per pixel.
	 * DL4J divides squared error, but not cross-entropy, by it.
	 */
	long lossColumns();

	/** The next epoch as DataSets, for DL4J's own {@code fit}. */
	default List<DataSet> nextEpoch() {
		final Epoch epoch = startEpoch();
		final List<DataSet> list = new ArrayList<>(epoch.batches());
		for (int b = 0; b < epoch.batches(); b++) {
			final int rows = epoch.rows(b);
			final float[] input = new float[rows * values(inputShape())], target = new float[rows *
				values(targetShape())], mask = masked() ? new float[target.length] : null;
			epoch.fill(b, input, target, mask);
			list.add(new DataSet(Nd4j.create(input, withRows(inputShape(), rows), 'c'), Nd4j.create(
				target, withRows(targetShape(), rows), 'c'), null, mask == null ? null : Nd4j.create(mask,
					withRows(targetShape(), rows), 'c')));
		}
		return list;
	}

	/** Values in a sample of {@code shape}. */
	static int values(final long[] shape) {
		long n = 1;
		for (final long d : shape)
			n *= d;
		return Math.toIntExact(n);
	}

	/** {@code [rows, shape...]}. */
	static long[] withRows(final long[] shape, final int rows) {
		final long[] s = new long[shape.length + 1];
		s[0] = rows;
		System.arraycopy(shape, 0, s, 1, shape.length);
		return s;
	}
}
