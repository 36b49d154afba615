package autoencoderj.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Locale;

import autoencoderj.model.Manifest;
import autoencoderj.model.VolumePlan;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.junit.jupiter.api.Test;

/**
 * A study, not a test: trains blind-spot (or, with {@code -Dadded}, added-noise)
 * models on {@link VolumeQualityTest}'s synthetic volume, 2-D and 3-D, and
 * prints each one's PSNR and time, for the README's "When does 3-D pay?".
 * Runs only when asked:
 *
 * <pre>
 * mvn -o -q test -Dtest=VolumeStudy -Dstudy="3d,auto,30,5,32,4;2d,auto,30,5,64,16" [-Dzstep=3] [-Dadded] [-Dschedule=cosine] [-Dsave=DIR]
 * </pre>
 *
 * Each run is {@code dimensions,pooling,steps,epochs,patch,batch}; 3-D runs use a
 * 16-32 U-Net on patches of 16 slices, 2-D runs the 32-64 U-Net of the
 * README's blind-spot recipe (U-Nets for added noise too). {@code -Dsave=DIR} keeps the volumes (noisy,
 * clean, each result) as TIFF for {@code docs/quality/volume_xz.py}.
 */
class VolumeStudy {

	private static final int DEPTH = 32, SIDE = 96;

	@Test
	void study() {
		final String runs = System.getProperty("study");
		assumeTrue(runs != null, "a study: run with -Dstudy=... (see the class comment)");
		final double zStep = Double.parseDouble(System.getProperty("zstep", "2"));
		final boolean added = System.getProperty("added") != null;
		final String save = System.getProperty("save");
		final float[] c = VolumeQualityTest.clean(DEPTH, SIDE, zStep, 1), n = VolumeQualityTest.noisy(c,
			2);
		double blurred = 0;
		for (final double sz : new double[] { 0, 0.5, 0.8, 1.2 })
			for (final double sxy : new double[] { 0.8, 1.0, 1.3, 1.6, 2.0 })
				blurred = Math.max(blurred, VolumeQualityTest.psnr(c, VolumeQualityTest.blur(n, DEPTH, SIDE,
					sz, sxy)));
		System.out.printf(Locale.ROOT, "STUDY z step %.1f: noisy %.2f dB, best 3-D blur %.2f dB%n", zStep,
			VolumeQualityTest.psnr(c, n), blurred);
		final ImagePlus noisy = VolumeQualityTest.image(n, DEPTH, SIDE, zStep), clean = VolumeQualityTest
			.image(c, DEPTH, SIDE, zStep);
		if (save != null) {
			new FileSaver(noisy).saveAsTiffStack(save + "/noisy.tif");
			new FileSaver(clean).saveAsTiffStack(save + "/clean.tif");
		}
		for (final String run : runs.split(";")) {
			final String[] f = run.split(",");
			final boolean three = f[0].equals("3d");
			final TrainingSettings.Builder b = TrainingSettings.builder().architecture(
				TrainingSettings.Architecture.CONVOLUTIONAL).objective(Manifest.Objective.BLIND_SPOT).noise(
					"none", 0).steps(Integer.parseInt(f[2])).epochs(Integer.parseInt(f[3])).rate(1e-3)
				.validation(0.1).seed(7).patch(Integer.parseInt(f[4])).batch(Integer.parseInt(f[5])).skips(
					true);
			if (three) b.volumes(true).patchZ(16).filters(16, 32).masked(1.0 / 256).pooling(
				VolumePlan.Pooling.valueOf(f[1].toUpperCase(Locale.ROOT)));
			else b.filters(32, 64).masked(1.0 / 64);
			if (System.getProperty("schedule") != null) b.schedule(autoencoderj.engine.training.RateSchedule.Kind
				.valueOf(System.getProperty("schedule").toUpperCase(Locale.ROOT)));
			if (added) b.objective(Manifest.Objective.ADDED_NOISE).percentiles(1, 99.8).noise(
				"poisson-gaussian", sigma(c)).photons(photons(c));
			final long t0 = System.nanoTime();
			final TrainingResult r = Training.train(added ? clean : noisy, b.build(), null, null, null,
				() -> false);
			final double train = (System.nanoTime() - t0) / 1e9;
			final ImagePlus out = Denoiser.denoise(r.model(), "m", noisy, null, () -> false);
			final double all = (System.nanoTime() - t0) / 1e9;
			System.out.printf(Locale.ROOT, "STUDY %s: %.2f dB (%+.2f over the blur), training %.1f s, " +
				"with denoising %.1f s%n", run, VolumeQualityTest.psnr(c, VolumeQualityTest.values(out)),
				VolumeQualityTest.psnr(c, VolumeQualityTest.values(out)) - blurred, train, all);
			System.out.printf(Locale.ROOT, "STUDY   kept epoch %d of %d; training losses %s; validation %s%n",
				r.history().keptEpoch(), r.history().epochs(), r.history().trainLoss(), r.history()
					.validationLoss());
			if (save != null) new FileSaver(out).saveAsTiffStack(save + "/" + run.replace(',', '-') +
				".tif");
		}
	}

	/**
	 * The test volume's noise in the normalised units of added-noise training
	 * (1%-99.8% of the clean volume): 4 intensity units a photon and a read
	 * noise of 10 units, so variance {@code 4 x + 100} in raw units.
	 */
	private static double[] lowRange(final float[] clean) {
		final float[] sorted = clean.clone();
		Arrays.sort(sorted);
		final double low = sorted[(int) (0.01 * (sorted.length - 1))];
		return new double[] { low, sorted[(int) (0.998 * (sorted.length - 1))] - low };
	}

	private static double photons(final float[] clean) {
		return lowRange(clean)[1] / 4;
	}

	private static double sigma(final float[] clean) {
		final double[] lr = lowRange(clean);
		return Math.sqrt(4 * lr[0] + 100) / lr[1];
	}
}
