package autoencoderj.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import autoencoderj.data.PatchSampler;
import autoencoderj.engine.training.BatchSource;
import autoencoderj.ops.Noise;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each epoch, {@code steps} batches of fresh random patches with fresh noise,
 * drawn in order as the batches are made.
 */
public final class PatchBatches implements BatchSource {

	private final PatchSampler sampler;
	private final Noise noise;
	private final int batch, steps, patch, inChannels, outChannels;
	private final Random random;
	private final org.nd4j.linalg.api.rng.Random noiseRandom;

	/**
	 * @param inChannels channels of an input patch, {@code outChannels} of a target patch
	 */
	public PatchBatches(final PatchSampler sampler, final Noise noise, final int batch,
		final int steps, final int patch, final int inChannels, final int outChannels, final long seed)
	{
		this.inChannels = inChannels;
		this.outChannels = outChannels;
		this.sampler = sampler;
		this.noise = noise;
		this.batch = batch;
		this.steps = steps;
		this.patch = patch;
		this.random = new Random(seed);
		this.noiseRandom = Nd4j.getRandomFactory().getNewRandomInstance(seed ^ 0x5DEECE66DL);
	}

	@Override
	public Epoch startEpoch() {
		return BatchSource.epoch(steps, batch, (b, input, target, mask) -> {
			final INDArray[] pair = sampler.trainingPairs(batch, random);
			final INDArray noisy = noise.apply(pair[0], noiseRandom);
			noisy.data().asNioFloat().get(input, 0, (int) noisy.length());
			pair[1].data().asNioFloat().get(target, 0, (int) pair[1].length());
			noisy.close();
			if (pair[1] != pair[0]) pair[1].close();
			pair[0].close();
		});
	}

	@Override
	public long[] inputShape() {
		return new long[] { inChannels, patch, patch };
	}

	@Override
	public long[] targetShape() {
		return new long[] { outChannels, patch, patch };
	}

	@Override
	public int batch() {
		return batch;
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
