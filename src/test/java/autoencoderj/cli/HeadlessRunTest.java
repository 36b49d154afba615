package autoencoderj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import autoencoderj.Main;
import autoencoderj.app.TrainedModels;
import autoencoderj.model.ModelFiles;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;

class HeadlessRunTest {

	@TempDir
	Path dir;

	@Test
	void unquotedValuesAreQuotedForScijavasParser() {
		assertEquals("image=\"/data/noisy.tif\",model=\"C:\\\\m.zip\",epochs=\"3\",hidden=\"128 64\"",
			HeadlessRun.quoteValues("image=/data/noisy.tif,model=C:\\m.zip,epochs=3, hidden=128 64"));
		assertEquals("model=\"already quoted.zip\"", HeadlessRun.quoteValues(
			"model=\"already quoted.zip\""));
		assertEquals("", HeadlessRun.quoteValues(""));
		// a comma not followed by key= is part of the value: file names may hold commas
		assertEquals("image=\"/data/cells, day 2.tif\",model=\"m.zip\"", HeadlessRun.quoteValues(
			"image=/data/cells, day 2.tif,model=m.zip"));
	}

	@Test
	void inputsLeftOutTakeTheCommandsDefaultsNotLastUsedValues() {
		final Context context = new Context();
		try {
			final org.scijava.command.CommandInfo info = context.service(
				org.scijava.command.CommandService.class).getCommand(
					autoencoderj.command.TrainAutoencoder.class);
			final String full = HeadlessRun.withDefaults(context, info, "model=\"m.zip\",epochs=\"3\"");
			assertTrue(full.startsWith("model=\"m.zip\",epochs=\"3\","), full);
			assertTrue(full.contains(",architecture=\"auto\""), full);
			assertTrue(full.contains(",hidden=\"50\""), full);
			assertTrue(full.contains(",seed=\"42\""), full);
			assertFalse(full.contains("epochs=\"20\""), full);
			assertFalse(full.contains("image="), full);
		}
		finally {
			context.dispose();
		}
	}

	@Test
	void runsByTitleInProcessAndSavesImagesAndTables() throws Exception {
		final Context context = new Context();
		try {
			final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
			final int exit = HeadlessRun.run(context, "Open MNIST Sample", "", dir, new PrintStream(out),
				new PrintStream(err));
			assertEquals(0, exit, err.toString());
			final ImagePlus saved = IJ.openImage(dir.resolve("sample.tif").toString());
			assertEquals(2000, saved.getStackSize());
			assertEquals("5", saved.getStack().getSliceLabel(1));
			assertTrue(out.toString().contains("sample: saved " + dir.resolve("sample.tif")), out.toString());

			final ByteArrayOutputStream err2 = new ByteArrayOutputStream();
			assertEquals(2, HeadlessRun.run(context, "Denoise Everything", "", dir, System.out,
				new PrintStream(err2)));
			assertTrue(err2.toString().startsWith("No command titled 'Denoise Everything'. " +
				"AutoencoderJ commands: Denoise Folder, Denoise Folder Summary, Denoise Image, Denoise Noisy " +
				"Image, Encode Stack, " +
				"Export to BioImage.IO, Generate From Code"), err2.toString());
		}
		finally {
			context.dispose();
		}
	}

	@Test
	void launcherDenoisesAFileInASeparateProcess() throws Exception {
		final Path model = dir.resolve("digits model.zip");
		ModelFiles.save(TrainedModels.denoiser().model(), model);
		final ImagePlus noisy = TrainedModels.slices(1950, 3);
		final Path image = dir.resolve("noisy.tif");
		IJ.saveAsTiff(noisy, image.toString());

		final Path prefs = dir.resolve("user-prefs");
		final Processes.Result ok = Processes.java(java.util.List.of("-Djava.util.prefs.userRoot=" +
			prefs), dir, Main.class, "--run", "Denoise Image", "image=" + image + ",model=" + model,
			"--outputs", "out");
		assertEquals(0, ok.exit, ok.toString());
		// a headless run leaves no preferences behind for a later run or dialog to read
		if (Files.exists(prefs)) try (java.util.stream.Stream<Path> left = Files.walk(prefs)) {
			assertFalse(left.anyMatch(p -> p.toString().contains("autoencoderj")), "preferences written");
		}
		final Path result = dir.resolve("out").resolve("denoised.tif");
		assertTrue(ok.out.contains("denoised: saved " + result), ok.toString());
		final ImagePlus denoised = IJ.openImage(result.toString());
		assertEquals(3, denoised.getStackSize());
		assertEquals(32, denoised.getBitDepth());
		assertEquals(28, denoised.getWidth());

		final Path rgb = dir.resolve("colour.tif");
		IJ.saveAsTiff(new ImagePlus("colour", new ColorProcessor(28, 28)), rgb.toString());
		final Processes.Result bad = Processes.java(dir, Main.class, "--run", "Denoise Image",
			"image=" + rgb + ",model=" + model, "--outputs", "bad");
		assertEquals(1, bad.exit, bad.toString());
		assertTrue(bad.err.contains("Denoise Image failed: 'colour.tif' is an RGB image."), bad.toString());
		assertFalse(Files.exists(dir.resolve("bad").resolve("denoised.tif")));

		// values scijava would take for 0 or call "incompatible": named, with the fix
		final Processes.Result notANumber = Processes.java(dir, Main.class, "--run", "Train Autoencoder",
			"image=" + image + ",epochs=abc,model=" + dir.resolve("x.zip"));
		assertEquals(1, notANumber.exit, notANumber.toString());
		assertTrue(notANumber.err.contains("Train Autoencoder failed: epochs=abc is not a whole number."),
			notANumber.toString());
		final Processes.Result missing = Processes.java(dir, Main.class, "--run", "Denoise Image",
			"image=" + dir.resolve("nothere.tif") + ",model=" + model + ",epoch=3");
		assertEquals(1, missing.exit, missing.toString());
		assertTrue(missing.err.contains("Denoise Image has no parameter 'epoch'; it is ignored."), missing
			.toString());
		assertTrue(missing.err.contains("Denoise Image failed: image=" + dir.resolve("nothere.tif") +
			": no such file, and no open image has that title."), missing.toString());
		assertFalse(missing.toString().contains("Exception"), missing.toString());

		// without --outputs: one line of ours per image, no warning from scijava's displays
		final Processes.Result unsaved = Processes.java(dir, Main.class, "--run", "Denoise Image",
			"image=" + image + ",model=" + model);
		assertEquals(0, unsaved.exit, unsaved.toString());
		assertTrue(unsaved.out.contains("denoised: not saved (give --outputs DIR to save it)"), unsaved
			.toString());
		assertFalse(unsaved.toString().contains("WARN"), unsaved.toString());
	}

	@Test
	void nd4jStartsFromAThreadWithAForeignContextClassLoaderAsInFiji() throws Exception {
		final Processes.Result r = Processes.java(dir, ForeignClassLoaderProbe.class);
		assertEquals(0, r.exit, r.toString());
		assertTrue(r.out.contains("denoised 1 slice under a foreign context class loader"), r.toString());
	}

	@Test
	void demoWritesItsResultsAndReportsPsnr() throws Exception {
		final Processes.Result r = Processes.java(dir, Main.class, "demo", "demo-out");
		assertEquals(0, r.exit, r.toString());
		for (final String f : new String[] { "model.zip", "clean.tif", "noisy.tif", "denoised.tif", "montage.png" })
			assertTrue(Files.isRegularFile(dir.resolve("demo-out").resolve(f)), f + "\n" + r);
		assertTrue(r.out.contains("epoch 40/40"), r.out);
		final String psnr = r.out.lines().filter(l -> l.startsWith("PSNR")).findFirst().orElse("");
		final double gain = Double.parseDouble(psnr.replaceAll(".*\\(\\+([0-9.]+) dB\\).*", "$1"));
		assertTrue(gain >= 3, psnr);
		final ImagePlus montage = IJ.openImage(dir.resolve("demo-out").resolve("montage.png").toString());
		assertEquals((3 * 29 - 1) * 4, montage.getHeight());
	}

	@Test
	void valuesWithLineBreaksAndUnreadableImagesAreRefusedWithTheReason() throws Exception {
		final Path image = dir.resolve("digit.tif");
		IJ.saveAsTiff(TrainedModels.slices(5, 1), image.toString());
		final Path empty = Files.write(dir.resolve("empty.tif"), new byte[0]);
		final Context context = Contexts.withoutDisplays();
		try {
			final ByteArrayOutputStream err = new ByteArrayOutputStream();
			assertEquals(1, HeadlessRun.run(context, "Show Pooling Steps", "image=" + image +
				",size=2\nstride=9", dir.resolve("o1"), System.out, new PrintStream(err)));
			assertTrue(err.toString().startsWith("Show Pooling Steps failed: size=...: the value holds " +
				"a line break or another control character; give each value on one line."), err.toString());

			final ByteArrayOutputStream err2 = new ByteArrayOutputStream();
			assertEquals(1, HeadlessRun.run(context, "Show Pooling Steps", "image=" + empty + ",size=2",
				dir.resolve("o2"), System.out, new PrintStream(err2)));
			assertEquals("Show Pooling Steps failed: image=" + empty + ": Cannot open " + empty
				.toAbsolutePath() + ": it is empty (0 bytes).", err2.toString().trim());
		}
		finally {
			context.dispose();
		}
	}

	@Test
	void headlessRunsLeaveNoPreferencesBehind() throws Exception {
		final Path image = dir.resolve("digit.tif");
		IJ.saveAsTiff(TrainedModels.slices(6, 1), image.toString());
		final Path prefs = Files.createDirectories(dir.resolve("prefs"));
		final Processes.Result r = Processes.java(java.util.List.of("-Djava.util.prefs.userRoot=" +
			prefs), dir, Main.class, "--run", "Show Pooling Steps", "image=" + image + ",size=2,stride=2",
			"--outputs", "steps");
		assertEquals(0, r.exit, r.toString());
		assertTrue(Files.isRegularFile(dir.resolve("steps").resolve("pooled.tif")), r.toString());
		try (java.util.stream.Stream<Path> left = Files.walk(prefs)) {
			assertEquals(java.util.List.of(prefs), left.collect(java.util.stream.Collectors.toList()),
				"nothing written to the user's preferences");
		}
	}
}
