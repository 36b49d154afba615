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
 * {@code [batch, 1, z, y, x]}, each flipped or rotated in x-y at random (and
 * flipped in z where voxels are isotropic), then given blind spots (the loss
 * counts only the masked voxels, against their own noisy values) or added
 * noise (the loss compares with the patch before it).
 */
final class VolumeBatches implements BatchSource {

	private final VolumeSampler sampler;
	private final BlindSpots spots;
	private final Noise noise;
	private final int batch, steps, depth, side;
	private final boolean flipZ;
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
		this.sampler = sampler;
		this.spots = spots;
		this.noise = noise;
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
			final float[] patches = sampler.training(batch, random);
			final boolean[] transposed = augment(patches);
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

	/**
	 * The same flip or rotation for every plane of a patch; then z reversed, at
	 * random, where allowed.
	 *
	 * @return per patch, whether its x and y were swapped
	 */
	private boolean[] augment(final float[] patches) {
		final boolean[] transposed = new boolean[batch];
		final int plane = side * side, volume = depth * plane;
		final float[] scratch = new float[Math.max(plane, volume)];
		for (int p = 0; p < batch; p++) {
			final int k = random.nextInt(8);
			transposed[p] = Dihedral.transposes(k);
			for (int z = 0; z < depth; z++)
				Dihedral.apply(patches, p * volume + z * plane, side, k, scratch);
			if (flipZ && random.nextBoolean()) {
				System.arraycopy(patches, p * volume, scratch, 0, volume);
				for (int z = 0; z < depth; z++)
					System.arraycopy(scratch, (depth - 1 - z) * plane, patches, p * volume + z * plane, plane);
			}
		}
		return transposed;
	}

	/**
	 * {@code count} validation patches, masked or with noise drawn from
	 * {@code seed}, as a DataSet (with its loss mask for blind spots), or
	 * {@code null} when none are held out.
	 */
	DataSet validation(final int count, final long seed) {
		final Random r = new Random(seed);
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
		return new long[] { 1, depth, side, side };
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
