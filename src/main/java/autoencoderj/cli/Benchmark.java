package autoencoderj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import autoencoderj.data.Idx;
import autoencoderj.data.IdxImages;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.network.NativeForward;
import autoencoderj.engine.tiles.TiledPredictor;
import autoencoderj.engine.training.SampleBatches;
import autoencoderj.engine.training.Trainer;
import autoencoderj.engine.training.TrainingHistory;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseAutoencoders;
import autoencoderj.model.DenseSpec;
import autoencoderj.ops.Metrics;
import autoencoderj.ops.Noise;
import autoencoderj.ops.Noises;
import autoencoderj.ops.Normalization;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The reference workloads of {@code shared/bench/README.md}, printing one JSON
 * line per epoch with the same keys as the peer programs, so that runs can be
 * laid side by side. A measurement, not a test.
 */
public final class Benchmark {

	static final String ENGINE = "autoencoderj-dl4j";

	private Benchmark() {}

	public static int run(final String... args) {
		String bench = "dense", data = null;
		int epochs = -1, size = 4096, tile = 512, steps = 100, rounds = 3, depth = 64;
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--bench": bench = args[i + 1]; break;
				case "--epochs": epochs = Integer.parseInt(args[i + 1]); break;
				case "--data": data = args[i + 1]; break;
				case "--size": size = Integer.parseInt(args[i + 1]); break;
				case "--tile": tile = Integer.parseInt(args[i + 1]); break;
				case "--steps": steps = Integer.parseInt(args[i + 1]); break;
				case "--rounds": rounds = Integer.parseInt(args[i + 1]); break;
				case "--depth": depth = Integer.parseInt(args[i + 1]); break;
				default:
					System.err.println("benchmark: unknown option " + args[i]);
					return 2;
			}
		}
		if (!bench.matches("dense|conv|image|unet|unet3d|volume")) {
			System.err.println("benchmark: --bench is dense, conv, image, unet, unet3d or volume, not " +
				bench);
			return 2;
		}
		if (bench.equals("volume")) {
			UNet3dBenchmark.inference(depth, size);
			return 0;
		}
		if (bench.equals("unet3d")) {
			UNet3dBenchmark.run(steps, rounds);
			return 0;
		}
		if (bench.equals("unet")) {
			UNetBenchmark.run(steps, rounds);
			return 0;
		}
		if (bench.equals("image")) {
			image(size, tile);
			return 0;
		}
		if (data == null) {
			System.err.println("benchmark: give --data DIR, a folder with the four MNIST IDX files " +
				"(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-...).");
			return 2;
		}
		try {
			if (bench.equals("dense")) dense(Paths.get(data), epochs < 0 ? 10 : epochs);
			else conv(Paths.get(data), epochs < 0 ? 1 : epochs);
			return 0;
		}
		catch (final IOException exc) {
			System.err.println("benchmark: " + exc.getMessage());
			return 1;
		}
	}

	/** MNIST 784-50-784 denoising autoencoder, as the peer's {@code dense} workload. */
	static void dense(final Path data, final int epochs) throws IOException {
		Nd4jRuntime.ensureReady();
		final INDArray train = unit(Idx.readImages(find(data, "train-images-idx3-ubyte")));
		final INDArray test = unit(Idx.readImages(find(data, "t10k-images-idx3-ubyte")));
		final Noise noise = Noises.gaussian(0.5, true);
		final INDArray testNoisy = noise.apply(test, Nd4j.getRandomFactory().getNewRandomInstance(1));
		final MultiLayerNetwork net = DenseAutoencoders.build(new DenseSpec(28, 28, new int[] { 50 },
			DenseSpec.Loss.XENT), 42, 1e-3);
		final SampleBatches batches = new SampleBatches(train, noise, 256, 42);
		for (int epoch = 1; epoch <= epochs; epoch++) {
			final long t0 = System.nanoTime();
			final TrainingHistory h = Trainer.train(net, batches, null, 1, null, () -> false);
			final double seconds = (System.nanoTime() - t0) / 1e9;
			double testLoss = 0, mse = 0;
			final long n = test.size(0);
			for (long i = 0; i < n; i += 1000) {
				final INDArray in = testNoisy.get(NDArrayIndex.interval(i, i + 1000)).dup();
				final INDArray clean = test.get(NDArrayIndex.interval(i, i + 1000)).dup();
				final INDArray out = net.output(in, false);
				testLoss += Metrics.binaryCrossEntropy(clean, out) * 1000 / n;
				mse += Metrics.mse(clean, out) * 1000 / n;
			}
			System.out.printf(Locale.ROOT,
				"{\"engine\":\"%s\",\"bench\":\"dense\",\"epoch\":%d,\"seconds\":%.3f,\"train_loss\":%.5f,\"test_loss\":%.5f,\"test_mse\":%.6f,\"test_psnr\":%.3f}%n",
				ENGINE, epoch, seconds, h.lastTrainLoss(), testLoss, mse, Metrics.psnr(mse, 1));
		}
	}

	/** The Keras tutorial's convolutional autoencoder, plain, batch 128, as the peer's {@code conv}. */
	static void conv(final Path data, final int epochs) throws IOException {
		Nd4jRuntime.ensureReady();
		final INDArray train = unit(Idx.readImages(find(data, "train-images-idx3-ubyte"))).reshape('c',
			60000, 1, 28, 28);
		final INDArray test = unit(Idx.readImages(find(data, "t10k-images-idx3-ubyte"))).reshape('c',
			10000, 1, 28, 28);
		final MultiLayerNetwork net = ConvSpec.forPatch(28, new int[] { 16, 8, 8 },
			ConvSpec.Upsampling.REPEAT, 1, 1, DenseSpec.Loss.XENT).chain(28, 28, 42, 1e-3);
		final SampleBatches batches = new SampleBatches(train, Noises.none(), 128, 42);
		for (int epoch = 1; epoch <= epochs; epoch++) {
			final long t0 = System.nanoTime();
			final TrainingHistory h = Trainer.train(net, batches, null, 1, null, () -> false);
			final double seconds = (System.nanoTime() - t0) / 1e9;
			double testLoss = 0, mse = 0;
			for (long i = 0; i < 10000; i += 1000) {
				final INDArray clean = test.get(NDArrayIndex.interval(i, i + 1000)).dup();
				final INDArray out = NativeForward.output(net, clean);
				testLoss += Metrics.binaryCrossEntropy(clean, out) / 10;
				mse += Metrics.mse(clean, out) / 10;
			}
			System.out.printf(Locale.ROOT,
				"{\"engine\":\"%s\",\"bench\":\"conv\",\"epoch\":%d,\"seconds\":%.3f,\"train_loss\":%.5f,\"test_loss\":%.5f,\"test_mse\":%.6f,\"test_psnr\":%.3f}%n",
				ENGINE, epoch, seconds, h.lastTrainLoss(), testLoss, mse, Metrics.psnr(mse, 1));
		}
	}

	/**
	 * Inference of the peer's fully convolutional network over a random
	 * {@code size x size} 32-bit image, through the same tiled path as Denoise
	 * Image (overlapping tiles, so more pixels are computed than the peer's
	 * abutting tiles). Three runs; peak memory of the process.
	 */
	static void image(final int size, final int tile) {
		Nd4jRuntime.ensureReady();
		final ConvSpec spec = ConvSpec.forPatch(tile, new int[] { 16, 8 }, ConvSpec.Upsampling.REPEAT, 1,
			1, DenseSpec.Loss.XENT);
		final MultiLayerNetwork net = spec.chain(tile, tile, 42, 1e-3);
		final float[] img = new float[size * size];
		final java.util.SplittableRandom r = new java.util.SplittableRandom(1);
		for (int i = 0; i < img.length; i++)
			img[i] = (float) r.nextDouble();
		final NativeForward.Inference inference = NativeForward.open(net);
		final TiledPredictor predictor = new TiledPredictor(inference, spec, new Normalization(0, 100, 0,
			1), tile, 1);
		for (int run = 1; run <= 3; run++) {
			final long t0 = System.nanoTime();
			final float[] out = predictor.predict(i -> img[i], size, size, () -> false);
			final double seconds = (System.nanoTime() - t0) / 1e9;
			double checksum = 0;
			for (final float v : out)
				checksum += v;
			System.out.printf(Locale.ROOT,
				"{\"engine\":\"%s\",\"bench\":\"image\",\"run\":%d,\"size\":%d,\"tile\":%d,\"seconds\":%.3f,\"mpix_per_s\":%.2f,\"checksum\":%.1f,\"peak_rss_mb\":%d,\"max_heap_mb\":%d}%n",
				ENGINE, run, size, predictor.tile(), seconds, (double) size * size / 1e6 / seconds, checksum,
				peakRssMb(), Runtime.getRuntime().maxMemory() >> 20);
		}
		inference.close();
	}

	/** Peak resident memory of this process (Linux), or -1. */
	static long peakRssMb() {
		try {
			for (final String line : Files.readAllLines(Paths.get("/proc/self/status")))
				if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
		}
		catch (final IOException | RuntimeException exc) {
			// not Linux
		}
		return -1;
	}

	private static INDArray unit(final IdxImages images) {
		final byte[] px = images.pixels();
		final float[] values = new float[px.length];
		for (int i = 0; i < px.length; i++)
			values[i] = (px[i] & 0xff) / 255f;
		return Nd4j.create(values, new long[] { images.count(), (long) images.rows() * images
			.columns() }, 'c').castTo(DataType.FLOAT);
	}

	private static Path find(final Path folder, final String stem) throws IOException {
		for (final String name : new String[] { stem + ".gz", stem })
			if (Files.isRegularFile(folder.resolve(name))) return folder.resolve(name);
		throw new IOException("no " + stem + "(.gz) in " + folder.toAbsolutePath());
	}
}
