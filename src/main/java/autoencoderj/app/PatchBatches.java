package autoencoderj.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import autoencoderj.data.PatchSampler;
import autoencoderj.engine.BatchSource;
import autoencoderj.ops.Noise;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Each epoch, {@code steps} batches of fresh random patches with fresh noise. */
public final class PatchBatches implements BatchSource {

	private final PatchSampler sampler;
	private final Noise noise;
	private final int batch, steps, patch;
	private final Random random;
	private final org.nd4j.linalg.api.rng.Random noiseRandom;

	public PatchBatches(final PatchSampler sampler, final Noise noise, final int batch,
		final int steps, final int patch, final long seed)
	{
		this.sampler = sampler;
		this.noise = noise;
		this.batch = batch;
		this.steps = steps;
		this.patch = patch;
		this.random = new Random(seed);
		this.noiseRandom = Nd4j.getRandomFactory().getNewRandomInstance(seed ^ 0x5DEECE66DL);
	}

	@Override
	public List<DataSet> nextEpoch() {
		final List<DataSet> batches = new ArrayList<>(steps);
		for (int s = 0; s < steps; s++) {
			final INDArray[] pair = sampler.trainingPairs(batch, random);
			batches.add(new DataSet(noise.apply(pair[0], noiseRandom), pair[1]));
		}
		return batches;
	}

	@Override
	public long valuesPerSample() {
		return (long) patch * patch;
	}

	@Override
	public long lossColumns() {
		return 1;
	}
}
