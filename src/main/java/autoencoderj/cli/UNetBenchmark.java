package autoencoderj.cli;

import java.util.Locale;
import java.util.Random;

import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.training.BatchSource;
import autoencoderj.engine.training.Trainer;
import autoencoderj.engine.training.TrainingHistory;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;
import autoencoderj.ops.BlindSpots;
import autoencoderj.ops.Dihedral;

import org.deeplearning4j.nn.api.Model;

/**
 * The peer's {@code unet} workload: Noise2Void training steps of a depth-2
 * U-Net (32 filters, a DL4J ComputationGraph) on 16 fresh 64x64 patches of a
 * synthetic 512x512 noisy image, one pixel per 8x8 cell masked (1.6%) and
 * replaced by a random other pixel of its 5x5 window, Adam 4e-4, squared
 * error over the masked pixels. Rounds of {@code steps} steps; the time
 * includes making the batches, as the peer's does.
 */
final class UNetBenchmark {

	private static final int SIDE = 512, PATCH = 64, BATCH = 16;

	private UNetBenchmark() {}

	static void run(final int steps, final int rounds) {
		Nd4jRuntime.ensureReady();
		final Random r = new Random(1);
		final float[] img = syntheticImage(SIDE, r);
		final Model net = ConvSpec.forPatch(PATCH, new int[] { 32, 64 }, ConvSpec.Upsampling.REPEAT, 1,
			1, DenseSpec.Loss.MSE).withSkips(true).build(PATCH, PATCH, 42, 4e-4);
		final BatchSource batches = new Patches(img, steps, new BlindSpots(1.0 / 64,
			BlindSpots.Replacement.NEIGHBOUR), r);
		rounds("unet", net, batches, steps, rounds);
	}

	/** Rounds of {@code steps} training steps, one JSON line each, as the peer prints them. */
	static void rounds(final String bench, final Model net, final BatchSource batches, final int steps,
		final int rounds)
	{
		for (int round = 1; round <= rounds; round++) {
			final long t0 = System.nanoTime();
			final TrainingHistory h = Trainer.train(net, batches, null, 1, null, () -> false);
			final double seconds = (System.nanoTime() - t0) / 1e9;
			System.out.printf(Locale.ROOT,
				"{\"engine\":\"%s\",\"bench\":\"%s\",\"round\":%d,\"steps\":%d,\"seconds\":%.3f,\"seconds_per_100_steps\":%.3f,\"loss\":%.5f}%n",
				Benchmark.ENGINE, bench, round, steps, seconds, seconds * 100 / steps, h.lastTrainLoss());
		}
	}

	/**
	 * The peer's image: a smooth background, 300 Gaussian spots and N(0, 0.1)
	 * noise, normalised to mean 0 and standard deviation 1.
	 */
	static float[] syntheticImage(final int n, final Random r) {
		final float[] img = new float[n * n];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				img[y * n + x] = (float) (0.3 * Math.sin(2 * Math.PI * x / n) * Math.cos(3 * Math.PI * y /
					n) + 0.2 * y / n);
		for (int k = 0; k < 300; k++) {
			final double cy = r.nextDouble() * n, cx = r.nextDouble() * n, sd = 1.5 + 3 * r.nextDouble(),
					a = 0.5 + r.nextDouble();
			final int rad = (int) Math.ceil(3 * sd);
			for (int y = Math.max(0, (int) cy - rad); y <= Math.min(n - 1, (int) cy + rad); y++)
				for (int x = Math.max(0, (int) cx - rad); x <= Math.min(n - 1, (int) cx + rad); x++)
					img[y * n + x] += (float) (a * Math.exp(-((y - cy) * (y - cy) + (x - cx) * (x - cx)) / (2 *
						sd * sd)));
		}
		double sum = 0, sq = 0;
		for (int i = 0; i < img.length; i++) {
			img[i] += (float) (0.1 * r.nextGaussian());
			sum += img[i];
			sq += (double) img[i] * img[i];
		}
		final double mean = sum / img.length, sd = Math.sqrt(sq / img.length - mean * mean);
		for (int i = 0; i < img.length; i++)
			img[i] = (float) ((img[i] - mean) / sd);
		return img;
	}

	/** Random flipped patches of one image with blind spots, {@code steps} batches an epoch. */
	private static final class Patches implements BatchSource {

		private final float[] img;
		private final int steps;
		private final BlindSpots spots;
		private final Random random;

		Patches(final float[] img, final int steps, final BlindSpots spots, final Random random) {
			this.img = img;
			this.steps = steps;
			this.spots = spots;
			this.random = random;
		}

		@Override
		public Epoch startEpoch() {
			return BatchSource.epoch(steps, BATCH, (b, input, target, mask) -> {
				final float[] scratch = new float[PATCH * PATCH];
				for (int p = 0; p < BATCH; p++) {
					final int y0 = random.nextInt(SIDE - PATCH + 1), x0 = random.nextInt(SIDE - PATCH + 1);
					for (int y = 0; y < PATCH; y++)
						System.arraycopy(img, (y0 + y) * SIDE + x0, input, p * PATCH * PATCH + y * PATCH, PATCH);
					Dihedral.apply(input, p * PATCH * PATCH, PATCH, random.nextInt(4), scratch);
				}
				spots.apply(input, target, mask != null ? mask : new float[target.length], BATCH, 1, PATCH,
					random);
			});
		}

		@Override
		public boolean masked() {
			return true;
		}

		@Override
		public long[] inputShape() {
			return new long[] { 1, PATCH, PATCH };
		}

		@Override
		public int batch() {
			return BATCH;
		}

		@Override
		public long valuesPerSample() {
			return spots.perPatch(PATCH);
		}

		@Override
		public long lossColumns() {
			return 1;
		}
	}
}
