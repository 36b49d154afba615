package autoencoderj.app;

import java.util.Random;

import autoencoderj.data.VolumeSampler;
import autoencoderj.engine.training.BatchSource;
import autoencoderj.ops.BlindSpots;
import autoencoderj.ops.Dihedral;
import autoencoderj.ops.Noise;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each epoch, {@code steps} batches of fresh random volume patches
 * {@code [batch, channels, z, y, x]}, each flipped or rotated in x-y at
 * random (and flipped in z where voxels are isotropic), then given blind
 * spots (the loss counts only the masked voxels, against their own noisy
 * values) or added noise (the loss compares with the patch before it); or,
 * for image-to-image training, the source's patches against the target's at
 * the same places, both turned alike.
 */
final class VolumeBatches implements BatchSource {

	private final VolumeSampler sampler;
	private final BlindSpots spots;
	private final Noise noise;
	private final int batch, steps, depth, side, inChannels, outChannels;
	private final boolean flipZ, paired;
	private final Random random;
	private final org.nd4j.linalg.api.rng.Random noiseRandom;

	/**
	 * @param spots the masks of blind-spot training, or {@code null} to add {@code noise}
	 * @param flipZ whether z may be flipped (isotropic voxels)
	 */
	VolumeBatches(final VolumeSampler sampler, final BlindSpots spots, final Noise noise,
		final int batch, final int steps, final int depth, final int side, final boolean flipZ,
		final long seed)
	{
		this(sampler, spots, noise, false, 1, 1, batch, steps, depth, side, flipZ, seed);
	}

	/** Image-to-image: {@code inChannels} source channels to {@code outChannels} target channels. */
	static VolumeBatches paired(final VolumeSampler sampler, final int inChannels,
		final int outChannels, final int batch, final int steps, final int depth, final int side,
		final boolean flipZ, final long seed)
	{
		return new VolumeBatches(sampler, null, null, true, inChannels, outChannels, batch, steps, depth,
			side, flipZ, seed);
	}

	private VolumeBatches(final VolumeSampler sampler, final BlindSpots spots, final Noise noise,
		final boolean paired, final int inChannels, final int outChannels, final int batch,
		final int steps, final int depth, final int side, final boolean flipZ, final long seed)
	{
		this.sampler = sampler;
		this.spots = spots;
		this.noise = noise;
		this.paired = paired;
		this.inChannels = inChannels;
		this.outChannels = outChannels;
		this.batch = batch;
		this.steps = steps;
		this.depth = depth;
		this.side = side;
		this.flipZ = flipZ;
		this.random = new Random(seed);
		this.noiseRandom = Nd4j.getRandomFactory().getNewRandomInstance(seed ^ 0x5DEECE66DL);
	}

	@Override
	public Epoch startEpoch() {
		return BatchSource.epoch(steps, batch, (b, input, target, mask) -> {
			if (paired) {
				final float[][] pairs = sampler.trainingPairs(batch, random);
				final int[][] turns = turns(batch);
				augment(pairs[0], inChannels, turns);
				augment(pairs[1], outChannels, turns);
				System.arraycopy(pairs[0], 0, input, 0, pairs[0].length);
				System.arraycopy(pairs[1], 0, target, 0, pairs[1].length);
				return;
			}
			final float[] patches = sampler.training(batch, random);
			final int[][] turns = turns(batch);
			augment(patches, 1, turns);
			final boolean[] transposed = new boolean[batch];
			for (int p = 0; p < batch; p++)
				transposed[p] = Dihedral.transposes(turns[p][0]);
			fill(patches, input, target, mask != null ? mask : new float[target.length], batch, random,
				transposed);
		});
	}

	private void fill(final float[] patches, final float[] input, final float[] target,
		final float[] mask, final int n, final Random r, final boolean[] transposed)
	{
		final int values = n * depth * side * side;
		if (spots != null) {
			System.arraycopy(patches, 0, input, 0, values);
			spots.apply(input, target, mask, n, 1, depth, side, r, transposed);
			return;
		}
		System.arraycopy(patches, 0, target, 0, values);
		try (INDArray clean = Nd4j.create(patches, new long[] { n, 1, depth, side, side }, 'c');
			INDArray noisy = noise.apply(clean, noiseRandom))
		{
			noisy.data().asNioFloat().get(input, 0, values);
		}
	}

	/** Per patch, a flip or rotation in x-y ({@link Dihedral}) and whether to reverse z (1) or not (0). */
	private int[][] turns(final int count) {
		final int[][] turns = new int[count][];
		for (int p = 0; p < count; p++)
			turns[p] = new int[] { random.nextInt(8), flipZ && random.nextBoolean() ? 1 : 0 };
		return turns;
	}

	/** The patch's turn for every plane of each of its channels; then z reversed where drawn. */
	private void augment(final float[] patches, final int channels, final int[][] turns) {
		final int plane = side * side, volume = depth * plane;
		final float[] scratch = new float[Math.max(plane, volume)];
		for (int p = 0; p < turns.length; p++)
			for (int c = 0; c < channels; c++) {
				final int at = (p * channels + c) * volume;
				for (int z = 0; z < depth; z++)
					Dihedral.apply(patches, at + z * plane, side, turns[p][0], scratch);
				if (turns[p][1] == 0) continue;
				System.arraycopy(patches, at, scratch, 0, volume);
				for (int z = 0; z < depth; z++)
					System.arraycopy(scratch, (depth - 1 - z) * plane, patches, at + z * plane, plane);
			}
	}

	/**
	 * {@code count} validation patches, masked or with noise drawn from
	 * {@code seed}, as a DataSet (with its loss mask for blind spots), or
	 * {@code null} when none are held out.
	 */
	DataSet validation(final int count, final long seed) {
		final Random r = new Random(seed);
		if (paired) {
			final float[][] pairs = sampler.validationPairs(count, r);
			if (pairs == null) return null;
			return new DataSet(Nd4j.create(pairs[0], BatchSource.withRows(inputShape(), count), 'c'), Nd4j
				.create(pairs[1], BatchSource.withRows(targetShape(), count), 'c'));
		}
		final float[] patches = sampler.validation(count, r);
		if (patches == null) return null;
		final float[] input = new float[patches.length], target = new float[patches.length],
				mask = new float[patches.length];
		fill(patches, input, target, mask, count, r, null);
		final long[] shape = { count, 1, depth, side, side };
		return new DataSet(Nd4j.create(input, shape, 'c'), Nd4j.create(target, shape, 'c'), null,
			spots == null ? null : Nd4j.create(mask, shape, 'c'));
	}

	@Override
	public boolean masked() {
		return spots != null;
	}

	@Override
	public long[] inputShape() {
		return new long[] { inChannels, depth, side, side };
	}

	@Override
	public long[] targetShape() {
		return new long[] { outChannels, depth, side, side };
	}

	@Override
	public int batch() {
		return batch;
	}

	@Override
	public long valuesPerSample() {
		return spots != null ? spots.perVolume(depth, side) : (long) depth * side * side;
	}

	@Override
	public long lossColumns() {
		return 1;
	}
}
