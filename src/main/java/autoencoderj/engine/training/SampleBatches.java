package autoencoderj.engine.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import autoencoderj.ops.Noise;
import autoencoderj.ops.Permutations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches of whole samples (rows of a {@code [N, ...]} array), shuffled
 * every epoch, each given fresh noise every epoch. The samples are kept as
 * one Java array, and batches are assembled and corrupted there: a copy and
 * a noise pass per batch, with no native allocation.
 */
public class SampleBatches implements BatchSource {

	private final float[] clean;
	private final long[] shape;
	private final int samples, values;
	private final Noise noise;
	private final int batch;
	private final Random shuffle;
	private final SplittableRandom noiseKeys;

	/**
	 * @param clean normalised samples along dimension 0, of any shape
	 * @param seed seeds both the shuffling and the noise
	 */
	public SampleBatches(final INDArray clean, final Noise noise, final int batch, final long seed) {
		if (batch < 1) throw new IllegalArgumentException("Batch size must be at least 1, got " + batch);
		this.clean = clean.dup('c').data().asFloat();
		this.shape = clean.shape().clone();
		this.samples = (int) clean.size(0);
		this.values = (int) (clean.length() / samples);
		this.noise = noise;
		this.batch = batch;
		this.shuffle = new Random(seed);
		this.noiseKeys = new SplittableRandom(seed ^ 0x5DEECE66DL);
	}

	/** The order and noise of the next epoch; its batches are made on demand. */
	@Override
	public Epoch startEpoch() {
		return new Epoch(Permutations.of(samples, shuffle), noiseKeys.split());
	}

	/** The shape of one sample (the clean array's shape without its first dimension). */
	@Override
	public long[] inputShape() {
		return java.util.Arrays.copyOfRange(shape, 1, shape.length);
	}

	/** Autoencoders: the target is the clean sample, of the same shape. */

	/** Values per sample. */
	public int values() {
		return values;
	}

	@Override
	public int batch() {
		return Math.min(batch, samples);
	}

	@Override
	public long valuesPerSample() {
		return values;
	}

	/** All values of a flat sample; the channels of an image sample {@code [C, H, W]}. */
	@Override
	public long lossColumns() {
		return shape.length == 4 ? shape[1] : valuesPerSample();
	}

	/** One epoch: a shuffled order and a noise key per batch. */
	public final class Epoch implements BatchSource.Epoch {

		private final int[] order;
		private final long[] keys;

		Epoch(final int[] order, final SplittableRandom keys) {
			this.order = order;
			this.keys = new long[(order.length + batch - 1) / batch];
			for (int b = 0; b < this.keys.length; b++)
				this.keys[b] = keys.nextLong();
		}

		@Override
		public int batches() {
			return keys.length;
		}

		@Override
		public int rows(final int b) {
			return Math.min(batch, order.length - b * batch);
		}

		/**
		 * Writes batch {@code b}'s clean samples to {@code target} and their
		 * corrupted copies to {@code input}, row after row.
		 */
		@Override
		public void fill(final int b, final float[] input, final float[] target) {
			final int rows = rows(b);
			for (int r = 0; r < rows; r++)
				System.arraycopy(clean, order[b * batch + r] * values, target, r * values, values);
			System.arraycopy(target, 0, input, 0, rows * values);
			noise.corrupt(input, 0, rows * values, keys[b]);
		}
	}
}
