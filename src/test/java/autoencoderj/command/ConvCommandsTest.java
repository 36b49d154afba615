package autoencoderj.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import autoencoderj.app.Denoiser;
import autoencoderj.app.SyntheticImages;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ModelFiles;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

/** Convolutional models through the commands: any size, any bit depth, hyperstacks. */
class ConvCommandsTest extends ContextTest {

	@TempDir
	static Path dir;
	private static File model;

	@BeforeAll
	static void train() throws Exception {
		model = dir.resolve("conv model.zip").toFile();
		final CommandModule m = run(TrainAutoencoder.class, "image", SyntheticImages.cleanStack(64, 64, 3,
			4), "architecture", "convolutional", "filters", "4 4", "patch", 16, "steps", 3, "batch", 4,
			"epochs", 2, "noise", "poisson", "photons", 20.0, "model", model, "reconstruct", true);
		assertFalse(m.isCanceled(), m.getCancelReason());
	}

	private static CommandModule run(final Class<?> command, final Object... keyValues) throws Exception {
		return Commands.run(context, command, keyValues);
	}

	private static ImagePlus denoise(final ImagePlus imp) throws Exception {
		final CommandModule m = run(DenoiseImage.class, "image", imp, "model", model, "tile", 48, "batch", 2);
		assertFalse(m.isCanceled(), m.getCancelReason());
		return (ImagePlus) m.getOutput("denoised");
	}

	@Test
	void everyBitDepthAndSizeIsDenoisedTo32Bit() throws Exception {
		final ImagePlus b8 = new ImagePlus("b8", new ByteProcessor(37, 53));
		b8.getProcessor().noise(40);
		final ImagePlus s16 = SyntheticImages.cleanStack(130, 70, 2, 9);
		final FloatProcessor fp = new FloatProcessor(90, 33);
		fp.noise(1000);
		final ImagePlus f32 = new ImagePlus("f32", fp);
		for (final ImagePlus imp : new ImagePlus[] { b8, s16, f32 }) {
			final ImagePlus out = denoise(imp);
			assertEquals(32, out.getBitDepth());
			assertEquals(imp.getWidth(), out.getWidth());
			assertEquals(imp.getHeight(), out.getHeight());
			assertEquals(imp.getStackSize(), out.getStackSize());
		}
		final ImagePlus tinyImage = new ImagePlus("tiny", new FloatProcessor(3, 5));
		final CommandModule tiny = run(DenoiseImage.class, "image", tinyImage, "model", model);
		assertTrue(tiny.isCanceled());
		assertEquals("'tiny' is 3x5, smaller than the 4x4 pixels the model conv model.zip needs (it " +
			"pools 2 times by 2). Use a larger image.", tiny.getCancelReason());
	}

	@Test
	void aFiveDimensionalHyperstackKeepsItsLayout() throws Exception {
		final ImageStack stack = new ImageStack(40, 30);
		for (int i = 0; i < 2 * 3 * 2; i++) {
			final FloatProcessor fp = new FloatProcessor(40, 30);
			fp.noise(100 + 10 * i);
			stack.addSlice("plane " + i, fp);
		}
		final ImagePlus hyper = new ImagePlus("hyper.tif", stack);
		hyper.setDimensions(2, 3, 2);
		hyper.setOpenAsHyperStack(true);
		final ImagePlus out = denoise(hyper);
		assertEquals(2, out.getNChannels());
		assertEquals(3, out.getNSlices());
		assertEquals(2, out.getNFrames());
		assertEquals("plane 7", out.getStack().getSliceLabel(8));
	}

	@Test
	void layerOutputsShowEveryLayerEncoderThroughDecoder() throws Exception {
		final ImagePlus imp = SyntheticImages.cleanStack(64, 48, 1, 8);
		// by default one window: a slice per layer, its maps on a grid
		final CommandModule overview = run(ShowLayerOutputs.class, "image", imp, "model", model);
		assertFalse(overview.isCanceled(), overview.getCancelReason());
		final ImagePlus layers = (ImagePlus) overview.getOutput("layers");
		assertEquals(10, layers.getStackSize());
		assertEquals(null, overview.getOutput("layer01"), "no window per layer");
		// the widest grid: 4 maps of 64x48 as 2x2, one pixel apart
		assertEquals(2 * 65 - 1, layers.getWidth());
		assertEquals(2 * 49 - 1, layers.getHeight());
		assertTrue(layers.getStack().getSliceLabel(4).startsWith("layer 4: SubsamplingLayer"), layers
			.getStack().getSliceLabel(4));
		final CommandModule m = run(ShowLayerOutputs.class, "image", imp, "model", model, "show",
			"a window per layer");
		assertFalse(m.isCanceled(), m.getCancelReason());
		// conv, pool, conv, pool | conv, up, conv, up | conv, loss
		assertTrue(m.getOutput("layer10") instanceof ImagePlus);
		assertEquals(null, m.getOutput("layer11"));
		final ImagePlus first = (ImagePlus) m.getOutput("layer01");
		assertEquals(4, first.getStackSize());
		assertEquals(64, first.getWidth());
		assertEquals("layer 1 ConvolutionLayer channel 2", first.getStack().getSliceLabel(2));
		final ImagePlus bottleneck = (ImagePlus) m.getOutput("layer04");
		assertEquals(16, bottleneck.getWidth());
		assertEquals(12, bottleneck.getHeight());
		assertTrue(bottleneck.getTitle().startsWith("layer 4: SubsamplingLayer, 4 maps of 16x12"),
			bottleneck.getTitle());
		final ImagePlus last = (ImagePlus) m.getOutput("layer10");
		final ImagePlus denoised = Denoiser.denoise(ModelFiles.load(model.toPath()), "m", imp, null, () -> false);
		final float[] d = (float[]) denoised.getProcessor().getPixels();
		final float[] l = (float[]) last.getProcessor().getPixels();
		final AutoencoderModel loaded = ModelFiles.load(model.toPath());
		// inside the receptive field's reach of the border: Denoise Image mirrors the image there,
		// the layers show the network on the image as it is
		final int margin = loaded.convSpec().margin(), w = last.getWidth(), h = last.getHeight();
		int compared = 0;
		for (int i = 0; i < l.length; i += 7)
			if (i % w >= margin && i % w < w - margin && i / w >= margin && i / w < h - margin) {
				assertEquals(d[i], loaded.normalization().denormalize(l[i]), 1e-2, "the last layer is the " +
					"output");
				compared++;
			}
		assertTrue(compared > 40, compared + " pixels compared");

		final Path dense = dir.resolve("dense.zip");
		ModelFiles.save(autoencoderj.app.TrainedModels.denoiser().model(), dense);
		final CommandModule refused = run(ShowLayerOutputs.class, "image", imp, "model", dense.toFile());
		assertTrue(refused.isCanceled());
		assertTrue(refused.getCancelReason().contains("is dense: its layers are not images"), refused.getCancelReason());
	}

	@Test
	void aConvolutionalModelGivesTheSameOutputsAfterSavingAndLoading() throws Exception {
		final AutoencoderModel trained = autoencoderj.app.ConvTraining.train(SyntheticImages.cleanStack(
			48, 48, 2, 5), autoencoderj.app.TrainingSettings.builder().architecture(
				autoencoderj.app.TrainingSettings.Architecture.CONVOLUTIONAL).filters(4, 4).patch(16).steps(
					2).batch(4).epochs(1).noise("gaussian", 0.1).seed(5).build(), null, null, null, () -> false)
			.model();
		final Path file = dir.resolve("saved.zip");
		ModelFiles.save(trained, file);
		final AutoencoderModel loaded = ModelFiles.load(file);
		assertEquals("convolutional", loaded.manifest().architecture);
		assertArrayEquals(new int[] { 4, 4 }, loaded.manifest().filters);
		final ImagePlus imp = SyntheticImages.cleanStack(50, 50, 1, 3);
		final ImagePlus before = Denoiser.denoise(trained, "m", imp, 48, 2, null, () -> false);
		final ImagePlus after = Denoiser.denoise(loaded, "m", imp, 48, 2, null, () -> false);
		assertArrayEquals((float[]) before.getProcessor().getPixels(), (float[]) after.getProcessor()
			.getPixels(), 0);
	}
}
