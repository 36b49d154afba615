package autoencoderj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import autoencoderj.data.Idx;
import autoencoderj.data.IdxImages;
import autoencoderj.model.ModelFiles;
import autoencoderj.app.TrainedModels;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** Runs the commands as Fiji does: found in the plugin index, run with parameter maps. */
class CommandsTest extends ContextTest {

	private static CommandService commands;

	@TempDir
	Path dir;

	@BeforeAll
	static void commands() {
		commands = context.service(CommandService.class);
	}

	private static CommandModule run(final Class<?> command, final Object... keyValues) throws Exception {
		return Commands.run(context, command, keyValues);
	}

	@Test
	void commandsAreInThePluginIndexUnderTheirMenuPaths() {
		final String[][] expected = { //
			{ "Train Autoencoder", TrainAutoencoder.class.getName() }, //
			{ "Denoise Image", DenoiseImage.class.getName() }, //
			{ "Import MNIST", ImportMnist.class.getName() }, //
			{ "Open MNIST Sample", OpenMnistSample.class.getName() }, //
			{ "Show Pooling Steps", ShowPoolingSteps.class.getName() }, //
			{ "Show Deconvolution Steps", ShowDeconvolutionSteps.class.getName() }, //
			{ "Show Layer Outputs", ShowLayerOutputs.class.getName() }, //
			{ "Denoise Folder", DenoiseFolder.class.getName() }, //
			{ "Encode Stack", EncodeStack.class.getName() }, //
			{ "Generate From Code", GenerateFromCode.class.getName() }, //
			{ "Pretraining Comparison", PretrainingComparison.class.getName() } };
		for (final String[] e : expected) {
			final CommandInfo info = commands.getCommand(e[1]);
			assertNotNull(info, e[1] + " is not in the plugin index");
			assertEquals(e[0], info.getTitle());
			assertEquals("Plugins > AutoencoderJ > " + e[0], info.getMenuPath().getMenuString());
			assertTrue(info.canRunHeadless(), e[0] + " must declare headless = true");
		}
	}

	@Test
	void trainThenDenoiseThroughCommandService() throws Exception {
		final ImagePlus stack = TrainedModels.slices(0, 400);
		final Path model = dir.resolve("digits.zip");
		final CommandModule train = run(TrainAutoencoder.class, "image", stack, "hidden", "32",
			"epochs", 3, "batch", 64, "seed", 3L, "model", model.toFile(), "reconstruct", true, "loss",
			"mse");
		assertFalse(train.isCanceled(), train.getCancelReason());
		assertEquals(model.toAbsolutePath().toString(), train.getOutput("saved"));
		assertTrue(Files.isRegularFile(model));
		assertFalse(Files.exists(dir.resolve("digits.checkpoint.zip")), "the checkpoint is removed " +
			"once the model is written");
		assertEquals(3, ModelFiles.readManifest(model).training.epochs);
		assertEquals("mse", ModelFiles.readManifest(model).loss);
		final ImagePlus plot = (ImagePlus) train.getOutput("lossPlot");
		assertNotNull(plot);
		assertTrue(plot.getWidth() > 100);
		final ImagePlus recon = (ImagePlus) train.getOutput("reconstructions");
		assertEquals(3 * 28 + 2, recon.getHeight(), "three rows: clean, noisy, denoised");

		final ImagePlus digits = TrainedModels.slices(1900, 5);
		digits.setTitle("five.tif");
		final CommandModule denoise = run(DenoiseImage.class, "image", digits, "model", model.toFile());
		assertFalse(denoise.isCanceled(), denoise.getCancelReason());
		final ImagePlus out = (ImagePlus) denoise.getOutput("denoised");
		assertEquals("five-denoised.tif", out.getTitle());
		assertEquals(5, out.getStackSize());
		assertEquals(32, out.getBitDepth());
	}

	@Test
	void denoiseRefusesAnRgbImageWithAMessage() throws Exception {
		final ImagePlus rgb = new ImagePlus("photo.jpg", new ColorProcessor(28, 28));
		final Path model = dir.resolve("m.zip");
		ModelFiles.save(TrainedModels.denoiser().model(), model);
		final CommandModule m = run(DenoiseImage.class, "image", rgb, "model", model.toFile());
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().startsWith("'photo.jpg' is an RGB image."), m.getCancelReason());
		assertNull(m.getOutput("denoised"));
	}

	@Test
	void denoiseRefusesACorruptModelWithAMessage() throws Exception {
		final Path model = dir.resolve("corrupt.zip");
		Files.write(model, new byte[] { 'P', 'K', 3, 4, 0, 0 });
		final CommandModule m = run(DenoiseImage.class, "image", TrainedModels.slices(0, 1), "model",
			model.toFile());
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("corrupt.zip is not an AutoencoderJ model"), m.getCancelReason());
	}

	@Test
	void aModelThatCannotBeWrittenIsRefusedBeforeTheFirstEpoch() throws Exception {
		final Path model = dir.resolve("missing").resolve("m.zip");
		final long start = System.nanoTime();
		// a thousand epochs would take minutes: the refusal comes first
		final CommandModule m = run(TrainAutoencoder.class, "image", TrainedModels.slices(0, 400),
			"epochs", 1000, "model", model.toFile());
		assertTrue((System.nanoTime() - start) / 1e9 < 10, "refused only after training");
		assertTrue(m.isCanceled());
		assertEquals("Cannot save the model to " + model + ": the folder " + model.getParent() +
			" does not exist. Create it or choose another place; nothing was trained.", m
				.getCancelReason());
	}

	@Test
	void aBatchTooLargeToTrainIsRefusedWithTheLimit() throws Exception {
		final CommandModule m = run(TrainAutoencoder.class, "image", TrainedModels.slices(0, 4),
			"architecture", "convolutional", "patch", 4096, "batch", 16, "model", dir.resolve("big.zip")
				.toFile());
		assertTrue(m.isCanceled());
		assertEquals("A batch of 16 patches of 4096x4096 is too large to train: at most 8192 pixels " +
			"a side and 67108864 pixels a batch (e.g. batch 16 of patch 2048, or batch 256 of patch " +
			"512). Lower the batch or the patch.", m.getCancelReason());
	}

	@Test
	void trainingOnASingleImageIsRefused() throws Exception {
		final CommandModule m = run(TrainAutoencoder.class, "image", TrainedModels.slices(0, 1), "model",
			dir.resolve("x.zip").toFile());
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("training needs a stack of at least 2 slices"), m.getCancelReason());
		assertFalse(Files.exists(dir.resolve("x.zip")));
	}

	@Test
	void importMnistMakesALabelledStackAndACountTable() throws Exception {
		final byte[] px = new byte[4 * 28 * 28];
		px[28 * 28 + 5] = (byte) 200;
		final Path images = dir.resolve("t-images-idx3-ubyte.gz");
		final Path labels = dir.resolve("t-labels-idx1-ubyte");
		Idx.writeImages(new IdxImages(4, 28, 28, px), images);
		Idx.writeLabels(new int[] { 3, 1, 3, 3 }, labels);
		final CommandModule m = run(ImportMnist.class, "images", images.toFile(), "labels", labels.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus digits = (ImagePlus) m.getOutput("digits");
		assertEquals(4, digits.getStackSize());
		assertEquals("1", digits.getStack().getSliceLabel(2));
		assertEquals(200, digits.getStack().getProcessor(2).get(5, 0));
		final ResultsTable counts = (ResultsTable) m.getOutput("counts");
		assertEquals(2, counts.size());
		assertEquals(1, counts.getValue("label", 0), 0);
		assertEquals(1, counts.getValue("count", 0), 0);
		assertEquals(3, counts.getValue("label", 1), 0);
		assertEquals(3, counts.getValue("count", 1), 0);

		final Path foreign = dir.resolve("readme.txt");
		Files.writeString(foreign, "hello there");
		final CommandModule bad = run(ImportMnist.class, "images", foreign.toFile());
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().startsWith("readme.txt is not an IDX images file"), bad.getCancelReason());
	}

	@Test
	void openMnistSampleGivesTheBundledDigits() throws Exception {
		final ImagePlus sample = (ImagePlus) run(OpenMnistSample.class).getOutput("sample");
		assertEquals(2000, sample.getStackSize());
		assertEquals("5", sample.getStack().getSliceLabel(1));
	}
}
