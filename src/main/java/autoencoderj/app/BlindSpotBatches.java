package autoencoderj.app;

import java.util.Random;

import autoencoderj.data.PatchSampler;
import autoencoderj.engine.training.BatchSource;
import autoencoderj.ops.BlindSpots;
import autoencoderj.ops.Dihedral;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each epoch, {@code steps} batches of fresh random patches of the noisy
 * images themselves, each flipped or rotated at random and given blind spots
 * ({@link BlindSpots}): the loss counts only the masked pixels, against their
 * own noisy values. No clean image is ever needed.
 */
public final class BlindSpotBatches implements BatchSource {

	private final PatchSampler sampler;
	private final BlindSpots spots;
	private final int batch, steps, patch, channels;
	private final Random random;

	public BlindSpotBatches(final PatchSampler sampler, final BlindSpots spots, final int batch,
		final int steps, final int patch, final int channels, final long seed)
	{
		this.sampler = sampler;
		this.spots = spots;
		this.batch = batch;
		this.steps = steps;
		this.patch = patch;
		this.channels = channels;
		this.random = new Random(seed);
	}

	@Override
	public Epoch startEpoch() {
		return BatchSource.epoch(steps, batch, (b, input, target, mask) -> {
			final INDArray[] pair = sampler.trainingPairs(batch, random);
			pair[0].data().asNioFloat().get(input, 0, (int) pair[0].length());
			pair[0].close();
			final float[] scratch = new float[patch * patch];
			final boolean[] transposed = new boolean[batch];
			for (int p = 0; p < batch; p++) {
				final int k = random.nextInt(8);
				transposed[p] = Dihedral.transposes(k);
				for (int c = 0; c < channels; c++)
					Dihedral.apply(input, (p * channels + c) * patch * patch, patch, k, scratch);
			}
			spots.apply(input, target, mask != null ? mask : new float[target.length], batch, channels,
				patch, random, transposed);
		});
	}

	/**
	 * {@code count} validation patches with blind spots drawn from {@code seed},
	 * as a DataSet with its loss mask, or {@code null} when none are held out.
	 */
	public DataSet validation(final int count, final long seed) {
		final Random r = new Random(seed);
		final INDArray[] pair = sampler.validationPairs(count, r);
		if (pair == null) return null;
		final float[] input = pair[0].dup('c').data().asFloat(), target = new float[input.length],
				mask = new float[input.length];
		spots.apply(input, target, mask, count, channels, patch, r);
		final long[] shape = { count, channels, patch, patch };
		return new DataSet(Nd4j.create(input, shape, 'c'), Nd4j.create(target, shape, 'c'), null, Nd4j
			.create(mask, shape, 'c'));
	}

	@Override
	public boolean masked() {
		return true;
	}

	@Override
	public long[] inputShape() {
		return new long[] { channels, patch, patch };
	}

	@Override
	public int batch() {
		return batch;
	}

	@Override
	public long valuesPerSample() {
		return (long) spots.perPatch(patch) * channels;
	}

	@Override
	public long lossColumns() {
		return channels;
	}
}
