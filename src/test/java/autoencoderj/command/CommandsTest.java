package autoencoderj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import autoencoderj.app.TrainedModels;
import autoencoderj.data.Idx;
import autoencoderj.data.IdxImages;
import autoencoderj.model.ModelFiles;

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

	/**
	 * Every command class of the package (found among the compiled classes,
	 * not listed by hand) is in the plugin index under its menu path, runs
	 * headless, and has an entry in the ImageJ 1.x menu (plugins.config).
	 */
	@Test
	void everyCommandIsInThePluginIndexAndTheImageJ1Menu() throws Exception {
		final List<String> classes;
		try (Stream<Path> files = Files.list(Path.of("target", "classes", "autoencoderj", "command"))) {
			classes = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class") && !n
				.contains("$")).map(n -> "autoencoderj.command." + n.substring(0, n.length() - 6)).filter(
					n -> {
						try {
							final Class<?> c = Class.forName(n);
							return org.scijava.command.Command.class.isAssignableFrom(c) && !Modifier.isAbstract(c
								.getModifiers()) && c.isAnnotationPresent(org.scijava.plugin.Plugin.class);
						}
						catch (final ClassNotFoundException exc) {
							throw new AssertionError(exc);
						}
					}).sorted().collect(Collectors.toList());
		}
		assertTrue(classes.size() >= 14, classes.toString());
		final String menu = Files.readString(Path.of("src", "main", "ij1", "plugins.config"));
		for (final String name : classes) {
			final CommandInfo info = commands.getCommand(name);
			assertNotNull(info, name + " is not in the plugin index");
			final String title = info.getTitle();
			assertEquals("Plugins > AutoencoderJ > " + title, info.getMenuPath().getMenuString());
			assertTrue(info.canRunHeadless(), title + " must declare headless = true");
			assertTrue(menu.contains("Plugins>AutoencoderJ, \"" + title + "\", autoencoderj.ij1.CommandPlugin(\"" +
				name + "\")"), title + " is missing from the ImageJ 1.x menu (src/main/ij1/plugins.config)");
		}
	}

	/**
	 * The new defaults (architecture and batch size auto, schedule auto,
	 * structure none) give a recorded macro the model it gave before: a
	 * digit stack without those keys trains the same dense network with
	 * batches of 256 as with them named, and named keys keep their values.
	 */
	@Test
	void recordedMacrosKeepTheirModelsUnderTheNewDefaults() throws Exception {
		final ImagePlus stack = TrainedModels.slices(0, 300);
		final Path unnamed = dir.resolve("unnamed.zip"), named = dir.resolve("named.zip");
		assertFalse(run(TrainAutoencoder.class, "image", stack, "hidden", "16", "epochs", 2, "seed", 5L,
			"model", unnamed.toFile()).isCanceled());
		assertFalse(run(TrainAutoencoder.class, "image", stack, "hidden", "16", "epochs", 2, "seed", 5L,
			"architecture", "dense", "batch", 256, "schedule", "constant", "model", named.toFile())
			.isCanceled());
		final autoencoderj.model.Manifest m = ModelFiles.readManifest(unnamed);
		assertEquals("dense", m.architecture);
		assertEquals(256, m.training.batch);
		assertEquals("constant", m.training.schedule);
		assertEquals(ModelFiles.load(named).network().params(), ModelFiles.load(unnamed).network()
			.params(), "the same weights");
		// a single large image, where dense always failed, now gets a convolutional network
		final float[] pixels = new float[256 * 256];
		final java.util.Random r = new java.util.Random(1);
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (float) (i % 256 + 30 * r.nextGaussian());
		final ImagePlus large = new ImagePlus("large", new ij.process.FloatProcessor(256, 256, pixels));
		final Path conv = dir.resolve("large.zip");
		final CommandModule auto = run(TrainAutoencoder.class, "image", large, "epochs", 1, "steps", 2,
			"patch", 32, "validation", 0.0, "model", conv.toFile());
		assertFalse(auto.isCanceled(), auto.getCancelReason());
		assertEquals("convolutional", ModelFiles.readManifest(conv).architecture);
		assertEquals(16, ModelFiles.readManifest(conv).training.batch, "a patch batch that fits");
	}

	/** In Fiji, the dialogs of the commands that open a model start from the model just written. */
	@Test
	@SuppressWarnings("unchecked")
	void aModelJustWrittenIsOfferedToTheCommandsThatOpenOne() {
		final java.io.File written = dir.resolve("just trained.zip").toFile();
		final org.scijava.prefs.PrefService prefs = context.service(org.scijava.prefs.PrefService.class);
		try {
			ModelOffer.offer(context, written);
			for (final Class<? extends org.scijava.command.Command> c : ModelOffer.TAKERS) {
				final org.scijava.module.ModuleItem<java.io.File> item =
					(org.scijava.module.ModuleItem<java.io.File>) commands.getCommand(c).getInput("model");
				assertEquals(written, context.service(org.scijava.module.ModuleService.class).load(item),
					c.getSimpleName());
			}
		}
		finally {
			for (final Class<? extends org.scijava.command.Command> c : ModelOffer.TAKERS)
				prefs.clear(c);
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
			dir.resolve("x.zip").toFile(), "architecture", "dense");
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("training needs a stack of at least 2 slices"), m.getCancelReason());
		assertFalse(Files.exists(dir.resolve("x.zip")));
		// architecture=auto takes a single image as one to learn patches from: this one is too small
		final CommandModule auto = run(TrainAutoencoder.class, "image", TrainedModels.slices(0, 1),
			"model", dir.resolve("x.zip").toFile());
		assertTrue(auto.isCanceled());
		assertEquals("'MNIST 0-1' is 28x28, smaller than the 64x64 training patches: choose a smaller " +
			"patch, or a larger image.", auto.getCancelReason());
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
