package autoencoderj.cli;

import java.util.Locale;
import java.util.Random;

import autoencoderj.app.VolumeDenoiser;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.network.NativeForward;
import autoencoderj.engine.tiles.TiledVolumePredictor;
import autoencoderj.engine.training.BatchSource;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;
import autoencoderj.model.VolumePlan;
import autoencoderj.model.VolumeSpec;
import autoencoderj.ops.BlindSpots;
import autoencoderj.ops.Normalization;

import org.deeplearning4j.nn.api.Model;

/**
 * The peer's {@code unet3d} workload: Noise2Void training steps of a depth-2
 * 3-D U-Net (32 filters, 3x3x3 convolutions, 2x2x2 pooling) on 4 fresh
 * 16x64x64 patches of a synthetic 64x256x256 noisy volume (slices of the
 * {@code unet} image, dimmed along z), one voxel per 4x8x8 cell masked
 * (0.39%) and replaced by a random other voxel of its 5x5x5 window, random
 * x and y flips, Adam 4e-4, squared error over the masked voxels. Rounds of
 * {@code steps} steps; the time includes making the batches, as the peer's does.
 */
final class UNet3dBenchmark {

	private static final int Z = 64, SIDE = 256, PATCH_Z = 16, PATCH = 64, BATCH = 4;

	private UNet3dBenchmark() {}

	/** The peer's 3-D U-Net: depth 2, 32 filters, isotropic pooling. */
	private static VolumeSpec network() {
		return new VolumeSpec(new int[] { 32, 64 }, ConvSpec.Upsampling.REPEAT, 1, 1,
			DenseSpec.Loss.MSE, true, VolumePlan.of(VolumePlan.Pooling.XYZ, new double[] { 1, 1, 1 }, 2));
	}

	static void run(final int steps, final int rounds) {
		Nd4jRuntime.ensureReady();
		final Random r = new Random(1);
		final float[] vol = new float[Z * SIDE * SIDE];
		for (int z = 0; z < Z; z++) {
			final float[] slice = UNetBenchmark.syntheticImage(SIDE, r);
			final float dim = 0.6f + 0.4f * (float) Math.sin(Math.PI * z / Z);
			for (int i = 0; i < slice.length; i++)
				vol[z * SIDE * SIDE + i] = slice[i] * dim;
		}
		final VolumeSpec spec = network();
		final Model net = spec.build(PATCH_Z, PATCH, PATCH, 42, 4e-4);
		final BatchSource batches = new Patches(vol, steps, new BlindSpots(1.0 / 256,
			BlindSpots.Replacement.NEIGHBOUR), r);
		UNetBenchmark.rounds("unet3d", net, batches, steps, rounds);
	}

	/**
	 * Inference of the benchmark's 3-D U-Net (untrained, the same arithmetic)
	 * over a random {@code depth x size x size} volume, through Denoise
	 * Image's tiled path: megavoxels per second and the process's peak memory.
	 */
	static void inference(final int depth, final int size) {
		Nd4jRuntime.ensureReady();
		final VolumeSpec spec = network();
		final Model net = spec.build(PATCH_Z, PATCH, PATCH, 42, 4e-4);
		final float[] vol = new float[depth * size * size];
		final java.util.SplittableRandom r = new java.util.SplittableRandom(1);
		for (int i = 0; i < vol.length; i++)
			vol[i] = (float) r.nextDouble();
		try (NativeForward.Inference inference = NativeForward.open(net))
		{
			inference(depth, size, vol, VolumeDenoiser.predictor(spec, inference, new Normalization(0,
				100, 0, 1)));
		}
	}

	private static void inference(final int depth, final int size, final float[] vol,
		final TiledVolumePredictor predictor)
	{
		final int plane = size * size;
		final long t0 = System.nanoTime();
		final float[][] out = predictor.predict((z, i) -> vol[z * plane + i], depth, size, size,
			() -> false, null);
		final double seconds = (System.nanoTime() - t0) / 1e9;
		double checksum = 0;
		for (final float[] slice : out)
			for (final float v : slice)
				checksum += v;
		System.out.printf(Locale.ROOT,
			"{\"engine\":\"%s\",\"bench\":\"volume\",\"depth\":%d,\"size\":%d,\"tiles\":%d,\"seconds\":%.3f,\"mvox_per_s\":%.3f,\"checksum\":%.1f,\"peak_rss_mb\":%d,\"max_heap_mb\":%d}%n",
			Benchmark.ENGINE, depth, size, predictor.tiles(depth, size, size), seconds, (double) vol.length /
				1e6 / seconds, checksum, Benchmark.peakRssMb(), Runtime.getRuntime().maxMemory() >> 20);
	}

	/** Random x-y flipped patches of one volume with blind spots, {@code steps} batches an epoch. */
	private static final class Patches implements BatchSource {

		private final float[] vol;
		private final int steps;
		private final BlindSpots spots;
		private final Random random;

		Patches(final float[] vol, final int steps, final BlindSpots spots, final Random random) {
			this.vol = vol;
			this.steps = steps;
			this.spots = spots;
			this.random = random;
		}

		@Override
		public Epoch startEpoch() {
			return BatchSource.epoch(steps, BATCH, (b, input, target, mask) -> {
				final int pv = PATCH_Z * PATCH * PATCH;
				for (int p = 0; p < BATCH; p++) {
					final int z0 = random.nextInt(Z - PATCH_Z + 1), y0 = random.nextInt(SIDE - PATCH + 1),
							x0 = random.nextInt(SIDE - PATCH + 1);
					final boolean fy = random.nextBoolean(), fx = random.nextBoolean();
					for (int z = 0; z < PATCH_Z; z++)
						for (int y = 0; y < PATCH; y++)
							for (int x = 0; x < PATCH; x++)
								input[p * pv + (z * PATCH + y) * PATCH + x] = vol[((z0 + z) * SIDE + y0 + (fy ? PATCH - 1 -
									y : y)) * SIDE + x0 + (fx ? PATCH - 1 - x : x)];
				}
				spots.apply(input, target, mask != null ? mask : new float[target.length], BATCH, 1, PATCH_Z,
					PATCH, random);
			});
		}

		@Override
		public boolean masked() {
			return true;
		}

		@Override
		public long[] inputShape() {
			return new long[] { 1, PATCH_Z, PATCH, PATCH };
		}

		@Override
		public int batch() {
			return BATCH;
		}

		@Override
		public long valuesPerSample() {
			return spots.perVolume(PATCH_Z, PATCH);
		}

		@Override
		public long lossColumns() {
			return 1;
		}
	}
}
