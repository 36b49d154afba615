package autoencoderj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;

import ij.ImagePlus;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

/** Denoise Noisy Image as a user runs it: an image and a time budget in, a denoised image out. */
class DenoiseNoisyImageTest extends ContextTest {

	@TempDir
	Path dir;

	private static ImagePlus noisy(final int side, final int slices) {
		final Random r = new Random(5);
		final ij.ImageStack stack = new ij.ImageStack(side, side);
		for (int z = 0; z < slices; z++) {
			final float[] p = new float[side * side];
			for (int i = 0; i < p.length; i++)
				p[i] = (float) (100 + 50 * Math.sin(i % side / 6.0 + z) * Math.cos(i / side / 7.0) + 10 * r
					.nextGaussian());
			stack.addSlice(new FloatProcessor(side, side, p));
		}
		return new ImagePlus("noisy cells.tif", stack);
	}

	@Test
	void anImageIsDenoisedByAModelTrainedOnItWithinItsBudgetAndTheModelIsKept() throws Exception {
		final ImagePlus image = noisy(96, 1);
		final Path model = dir.resolve("kept.zip");
		final long t0 = System.nanoTime();
		final CommandModule run = Commands.run(context, DenoiseNoisyImage.class, "image", image,
			"minutes", 0.4, "model", model.toFile());
		final double seconds = (System.nanoTime() - t0) / 1e9;
		assertFalse(run.isCanceled(), run.getCancelReason());
		final ImagePlus out = (ImagePlus) run.getOutput("denoised");
		assertEquals(96, out.getWidth());
		assertEquals(32, out.getBitDepth());
		assertEquals("noisy cells-denoised.tif", out.getTitle());
		final String info = String.valueOf(out.getProperty("Info"));
		assertTrue(info.contains("Denoise Noisy Image: a blind-spot U-Net") && info.contains("at a rate of 1e-03") &&
			info.contains("of a budget of 0.4 min") && info.contains("averaged over 8 flips and " +
				"rotations"), info);
		// printed, not asserted: a test's time depends on the machine
		System.out.printf("Denoise Noisy Image, budget 24 s: %.1f s in all%n", seconds);
		assertEquals(model.toAbsolutePath().toString(), run.getOutput("saved"));
		final Manifest m = ModelFiles.readManifest(model);
		assertEquals("blind-spot", m.noise.objective);
		assertEquals("cosine", m.training.schedule);
		assertEquals(24, m.training.budgetSeconds, 1e-9);
		assertTrue(m.training.epochs >= 1 && m.training.steps >= 1);
		assertEquals(m.training.epochs == m.training.epochsAsked, !m.training.stopped);
		assertNotNull(ModelFiles.load(model).network());
	}

	@Test
	void aBudgetTooShortOrAStackTooThinGetsAMessageWithTheFix() throws Exception {
		final CommandModule shortRun = Commands.run(context, DenoiseNoisyImage.class, "image", noisy(96,
			1), "minutes", 0.001);
		assertTrue(shortRun.isCanceled());
		assertTrue(shortRun.getCancelReason().matches("A budget of 0.001 minutes is too short for " +
			"'noisy cells.tif' on this computer: a training step takes [0-9.]+ s and denoising the " +
			"image about [0-9]+ s. Give at least [0-9.]+ minutes."), shortRun.getCancelReason());
		assertNull(shortRun.getOutput("denoised"));

		final CommandModule thin = Commands.run(context, DenoiseNoisyImage.class, "image", noisy(64, 4),
			"dimensions", "3d");
		assertTrue(thin.isCanceled());
		assertEquals("'noisy cells.tif' has 4 slices in z; a 3-D model needs at least 8. Use " +
			"dimensions=2d, which denoises every slice as an image.", thin.getCancelReason());
		try (java.util.stream.Stream<Path> files = Files.list(dir)) {
			assertEquals(0, files.count(), "nothing written");
		}
	}
}
