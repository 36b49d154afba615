package autoencoderj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import autoencoderj.app.TrainedModels;
import autoencoderj.model.ModelFiles;

import ij.IJ;
import ij.ImagePlus;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the macros of {@code macros/} in the real ImageJ 1.x macro interpreter
 * (ij.jar, batch mode) with AutoencoderJ installed as a plain ImageJ 1.x would
 * have it: the small bridge jar with {@code plugins.config} in {@code plugins/},
 * the plugin and its dependencies in {@code plugins/jars/}. ImageJ 1.x needs a
 * display even in batch mode, so the macros run under Xvfb; where Xvfb is not
 * installed ({@code apt-get install xvfb}; {@code .ci/run} installs it) these
 * tests are skipped, not passed.
 */
class Ij1MacrosTest {

	private static Process xvfb;
	private static final String DISPLAY = ":73";
	@TempDir
	static Path ijDir;
	@TempDir
	Path work;

	@BeforeAll
	static void install() throws Exception {
		xvfb = autoencoderj.Xvfb.start(DISPLAY, "ImageJ 1.x needs a display");
		final Path root = Paths.get("").toAbsolutePath();
		final Path plugins = Files.createDirectories(ijDir.resolve("plugins").resolve("jars")).getParent();
		jar(root.resolve("target/classes"), plugins.resolve("jars/autoencoderj.jar"), p -> !p.startsWith(
			"autoencoderj/ij1"));
		jar(root.resolve("target/classes"), plugins.resolve("AutoencoderJ_.jar"), p -> p.startsWith(
			"autoencoderj/ij1"));
		try (java.nio.file.FileSystem fs = java.nio.file.FileSystems.newFileSystem(plugins.resolve(
			"AutoencoderJ_.jar"), (ClassLoader) null))
		{
			Files.copy(root.resolve("src/main/ij1/plugins.config"), fs.getPath("plugins.config"));
		}
		for (final Path jar : UpdateSiteTest.classPathJars()) {
			final String name = jar.getFileName().toString();
			if (name.matches("(junit|opentest4j|apiguardian|ij-).*")) continue;
			Files.copy(jar, plugins.resolve("jars").resolve(name));
		}
	}

	@AfterAll
	static void stop() {
		if (xvfb != null) xvfb.destroy();
	}

	private static void jar(final Path classes, final Path jar,
		final java.util.function.Predicate<String> include) throws IOException
	{
		try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
				Stream<Path> files = Files.walk(classes))
		{
			for (final Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
				final String name = classes.relativize(f).toString().replace('\\', '/');
				if (!include.test(name)) continue;
				j.putNextEntry(new JarEntry(name));
				Files.copy(f, j);
				j.closeEntry();
			}
		}
	}

	/** Runs a macro of {@code macros/} in ImageJ 1.x batch mode; returns what it printed. */
	private String macro(final String name, final String argument) throws Exception {
		final Path ij = UpdateSiteTest.classPathJars().stream().filter(p -> p.getFileName().toString()
			.startsWith("ij-")).findFirst().orElseThrow();
		final List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin",
			"java").toString(), "-Djava.awt.headless=false", "-jar", ij.toString(), "-ijpath", ijDir
				.toString(), "-batch", Paths.get("macros", name).toAbsolutePath().toString(), argument));
		final ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(
			true).redirectOutput(work.resolve(name + ".log").toFile());
		pb.environment().put("DISPLAY", DISPLAY);
		final Process p = pb.start();
		assertTrue(p.waitFor(4, TimeUnit.MINUTES), name + " did not finish");
		final String log = Files.readString(work.resolve(name + ".log"));
		assertEquals(0, p.exitValue(), log);
		return log;
	}

	@Test
	void showStepsMacroSavesEveryStep() throws Exception {
		final Path out = Files.createDirectories(work.resolve("steps"));
		final String log = macro("show_steps.ijm", out.toString());
		final List<String> files;
		try (Stream<Path> s = Files.list(out)) {
			files = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
		assertEquals(9, files.size(), log + files);
		final Path pooled = out.resolve(files.stream().filter(f -> f.startsWith("1.max-pooled"))
			.findFirst().orElseThrow());
		final ImagePlus p = IJ.openImage(pooled.toString());
		assertEquals(14, p.getWidth());
		final float[] digit = (float[]) TrainedModels.sample().getStack().getProcessor(1)
			.convertToFloatProcessor().getPixels();
		float max = 0;
		for (int y = 10; y < 12; y++)
			for (int x = 10; x < 12; x++)
				max = Math.max(max, digit[y * 28 + x]);
		assertEquals(max, p.getProcessor().getf(5, 5), 0, "pooled (5,5) is the maximum of its 2x2 window");
	}

	@Test
	void trainAndDenoiseMacroWritesModelAndResult() throws Exception {
		final String log = macro("train_and_denoise_mnist.ijm", work.toString());
		assertTrue(log.contains("denoised 2000 digits"), log);
		assertEquals(8, ModelFiles.readManifest(work.resolve("mnist-denoiser.zip")).training.epochs);
		final ImagePlus denoised = IJ.openImage(work.resolve("mnist-denoised.tif").toString());
		assertEquals(2000, denoised.getStackSize());
		assertEquals(32, denoised.getBitDepth());
		assertTrue(log.contains("exported " + work.resolve("mnist-denoiser-bioimageio.zip")), log);
		try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(work.resolve(
			"mnist-denoiser-bioimageio.zip").toFile()))
		{
			final String rdf = new String(zip.getInputStream(zip.getEntry("rdf.yaml")).readAllBytes(),
				java.nio.charset.StandardCharsets.UTF_8);
			assertTrue(rdf.contains("name: \"MNIST denoiser\"") && rdf.contains(
				"- name: \"AutoencoderJ user\"") && rdf.contains("license: \"CC-BY-4.0\""), rdf);
			assertTrue(zip.getEntry("weights.onnx").getSize() > 4 * (784 * 50 + 50 * 784), "dense weights");
		}
	}

	@Test
	void folderMacroLoopsOverTheFiles() throws Exception {
		final Path in = Files.createDirectories(work.resolve("in"));
		IJ.saveAsTiff(TrainedModels.slices(1000, 2), in.resolve("one.tif").toString());
		IJ.saveAsTiff(TrainedModels.slices(1002, 1), in.resolve("two.tif").toString());
		final Path model = work.resolve("m.zip");
		ModelFiles.save(TrainedModels.denoiser().model(), model);
		final String log = macro("denoise_folder.ijm", "model=" + model + " input=" + in + " output=" +
			work.resolve("out"));
		assertTrue(log.contains("denoised 2 files"), log);
		final ImagePlus one = IJ.openImage(work.resolve("out/one.tif").toString());
		assertEquals(2, one.getStackSize());
		assertEquals(32, one.getBitDepth());
	}

	@Test
	void aFailingCommandStopsTheMacroWithItsMessage() throws Exception {
		final Path bad = work.resolve("bad.ijm");
		Files.writeString(bad, "newImage(\"rgb\", \"RGB white\", 28, 28, 1);\n" +
			"run(\"Show Pooling Steps\", \"image=rgb size=2 stride=2\");\nprint(\"not reached\");\n");
		final Path ij = UpdateSiteTest.classPathJars().stream().filter(p -> p.getFileName().toString()
			.startsWith("ij-")).findFirst().orElseThrow();
		final ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin",
			"java").toString(), "-jar", ij.toString(), "-ijpath", ijDir.toString(), "-batch", bad
				.toString()).redirectErrorStream(true).redirectOutput(work.resolve("bad.log").toFile());
		pb.environment().put("DISPLAY", DISPLAY);
		final Process p = pb.start();
		assertTrue(p.waitFor(2, TimeUnit.MINUTES));
		final String log = Files.readString(work.resolve("bad.log"));
		assertTrue(log.contains("'rgb' is an RGB image"), log);
		assertTrue(!log.contains("not reached"), log);
	}
}
