package autoencoderj.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import autoencoderj.ops.Noise;
import autoencoderj.ops.Permutations;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches of whole samples (rows of a {@code [N, ...]} array), shuffled
 * every epoch, each given fresh noise every epoch.
 */
public class SampleBatches implements BatchSource {

	private final INDArray clean;
	/** The samples as rows, for {@link Nd4j#pullRows}. */
	private final INDArray flat;
	private final Noise noise;
	private final int batch;
	private final Random shuffle;
	private final org.nd4j.linalg.api.rng.Random noiseRandom;

	/**
	 * @param clean normalised samples along dimension 0, of any shape
	 * @param seed seeds both the shuffling and the noise
	 */
	public SampleBatches(final INDArray clean, final Noise noise, final int batch, final long seed) {
		if (batch < 1) throw new IllegalArgumentException("Batch size must be at least 1, got " + batch);
		this.clean = clean;
		this.flat = clean.reshape('c', clean.size(0), clean.length() / clean.size(0));
		this.noise = noise;
		this.batch = batch;
		this.shuffle = new Random(seed);
		this.noiseRandom = Nd4j.getRandomFactory().getNewRandomInstance(seed ^ 0x5DEECE66DL);
	}

	@Override
	public List<DataSet> nextEpoch() {
		final int n = (int) clean.size(0);
		final int[] order = Permutations.of(n, shuffle);
		final List<DataSet> batches = new ArrayList<>((n + batch - 1) / batch);
		for (int start = 0; start < n; start += batch) {
			final int[] rows = java.util.Arrays.copyOfRange(order, start, Math.min(n, start + batch));
			final long[] shape = clean.shape().clone();
			shape[0] = rows.length;
			final INDArray target = Nd4j.pullRows(flat, 1, rows).reshape('c', shape);
			batches.add(new DataSet(noise.apply(target, noiseRandom), target));
		}
		return batches;
	}

	@Override
	public long valuesPerSample() {
		return clean.length() / clean.size(0);
	}

	@Override
	public long lossColumns() {
		return valuesPerSample();
	}
}
