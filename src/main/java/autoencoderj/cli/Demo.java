package autoencoderj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import autoencoderj.app.DenoisingCheck;
import autoencoderj.app.DenseTraining;
import autoencoderj.app.TrainingResult;
import autoencoderj.app.TrainingSettings;
import autoencoderj.data.AtomicFiles;
import autoencoderj.data.MnistStacks;
import autoencoderj.data.TiffFiles;
import autoencoderj.engine.training.EpochListener;
import autoencoderj.engine.training.TrainingHistory;
import autoencoderj.model.ModelFiles;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ImageProcessor;

/**
 * The main job of the README: trains a denoising autoencoder on the bundled
 * MNIST sample, denoises noisy held-back digits, and writes the results.
 */
public final class Demo {

	/** Digits of the sample kept out of training, to measure denoising on. */
	static final int HELD_BACK = 200;
	/** Settings of the demo: the MNIST reference network, more epochs for the small sample. */
	static final TrainingSettings SETTINGS = TrainingSettings.builder().hidden(50).noise("gaussian",
		0.5).epochs(40).batch(64).rate(2e-3).validation(0.1).seed(42).build();

	private Demo() {}

	public static int run(final String... args) {
		final Path folder = Paths.get(args.length > 0 ? args[0] : "autoencoderj-demo");
		System.setProperty("java.awt.headless", "true");
		try {
			run(folder);
			return 0;
		}
		catch (final IOException | IllegalArgumentException exc) {
			System.err.println("The demo failed: " + exc.getMessage());
			return 1;
		}
	}

	/** Trains, denoises, writes into {@code folder}, and returns the check of the held-back digits. */
	public static DenoisingCheck run(final Path folder) throws IOException {
		Files.createDirectories(folder);
		final ImagePlus sample = MnistStacks.openSample();
		final int n = sample.getStackSize();
		final ImagePlus train = new ImagePlus("MNIST sample (training)", sample.getStack().crop(0, 0,
			0, 28, 28, n - HELD_BACK));
		final ImagePlus heldBack = new ImagePlus("MNIST sample (held back)", sample.getStack().crop(0,
			0, n - HELD_BACK, 28, 28, HELD_BACK));
		System.out.printf(Locale.ROOT,
			"Training a denoising autoencoder (784-%d-784, Gaussian noise sigma %.2f) on %d MNIST digits; %d held back.%n",
			SETTINGS.hidden()[0], SETTINGS.sigma(), n - HELD_BACK, HELD_BACK);
		final TrainingResult result = DenseTraining.train(train, SETTINGS,
			new EpochListener() {

				@Override
				public void epochDone(final TrainingHistory h) {
					final int e = h.epochs();
					System.out.printf(Locale.ROOT, "epoch %2d/%d  training loss %.5f  validation loss %.5f%n",
						e, SETTINGS.epochs(), h.trainLoss().get(e - 1), h.validationLoss().get(e - 1));
				}
			}, () -> false);
		ModelFiles.save(result.model(), folder.resolve("model.zip"));

		final DenoisingCheck check = DenoisingCheck.run(result.model(), heldBack, HELD_BACK,
			SETTINGS.seed() + 7);
		saveTiff(check.clean(), folder.resolve("clean.tif"));
		saveTiff(check.noisy(), folder.resolve("noisy.tif"));
		saveTiff(check.denoised(), folder.resolve("denoised.tif"));
		final ImagePlus montage = check.montage(12);
		montage.setProcessor(montage.getProcessor().resize(montage.getWidth() * 4, montage
			.getHeight() * 4, false));
		montage.getProcessor().setMinAndMax(0, 255);
		final ImageProcessor bytes = montage.getProcessor().convertToByte(true);
		AtomicFiles.write(folder.resolve("montage.png"), f -> new FileSaver(new ImagePlus("montage",
			bytes)).saveAsPng(f.toString()));
		System.out.printf(Locale.ROOT,
			"PSNR of the %d held-back digits: noisy %.2f dB, denoised %.2f dB (+%.2f dB)%n", HELD_BACK,
			check.noisyPsnr(), check.denoisedPsnr(), check.denoisedPsnr() - check.noisyPsnr());
		System.out.println("Wrote model.zip, clean.tif, noisy.tif, denoised.tif and montage.png " +
			"(rows: clean, noisy, denoised) to " + folder.toAbsolutePath());
		return check;
	}

	private static void saveTiff(final ImagePlus imp, final Path file) throws IOException {
		TiffFiles.save(imp, file);
	}
}
