package autoencoderj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assembles the update site with update-site/assemble.sh and runs a headless
 * denoise with only the assembled jars plus the jars Fiji ships on the class
 * path, as a Fiji installation would have them.
 */
class UpdateSiteTest {

	@TempDir
	Path dir;

	private static String base(final String jarName) {
		return jarName.replaceAll("-[0-9][^-]*(-.*)?\\.jar$", "");
	}

	static List<Path> classPathJars() {
		final List<Path> jars = new ArrayList<>();
		for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			// surefire may pass a manifest-only jar whose Class-Path lists the real entries
			if (entry.contains("surefirebooter")) {
				try (java.util.jar.JarFile booter = new java.util.jar.JarFile(entry)) {
					for (final String url : booter.getManifest().getMainAttributes().getValue("Class-Path").split(" "))
						if (url.endsWith(".jar")) jars.add(Paths.get(java.net.URI.create(url)));
				}
				catch (final IOException exc) {
					throw new IllegalStateException(exc);
				}
			}
			else if (entry.endsWith(".jar")) jars.add(Paths.get(entry));
		}
		return jars;
	}

	private static void jar(final Path classes, final Path jar) throws IOException {
		try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
				Stream<Path> files = Files.walk(classes))
		{
			for (final Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
				j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
				Files.copy(f, j);
				j.closeEntry();
			}
		}
	}

	@Test
	void assembledJarsPlusFijisOwnRunAHeadlessDenoise() throws Exception {
		final Path root = Paths.get("").toAbsolutePath();
		final Path deps = Files.createDirectories(dir.resolve("deps"));
		final List<String> provided = Files.readAllLines(root.resolve("update-site/fiji-provided.txt"))
			.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).collect(Collectors.toList());
		final List<Path> fiji = new ArrayList<>();
		for (final Path jar : classPathJars()) {
			final String name = jar.getFileName().toString();
			if (name.matches("(junit|opentest4j|apiguardian).*")) continue;
			Files.copy(jar, deps.resolve(name));
			if (provided.contains(base(name))) fiji.add(jar);
		}
		final Path plugin = dir.resolve("autoencoderj-" + System.getProperty("autoencoderj.version",
			"0.1.0-SNAPSHOT") + ".jar");
		jar(root.resolve("target/classes"), plugin);

		final Path site = dir.resolve("site");
		final Process assemble = new ProcessBuilder("bash", root.resolve("update-site/assemble.sh")
			.toString(), "--out", site.toString(), "--deps", deps.toString(), "--plugin", plugin.toString())
				.redirectErrorStream(true).redirectOutput(dir.resolve("assemble.log").toFile()).start();
		assertTrue(assemble.waitFor(2, TimeUnit.MINUTES));
		assertEquals(0, assemble.exitValue(), Files.readString(dir.resolve("assemble.log")));

		final List<String> shipped;
		try (Stream<Path> files = Files.walk(site)) {
			shipped = files.filter(p -> p.toString().endsWith(".jar")).map(p -> site.relativize(p)
				.toString()).sorted().collect(Collectors.toList());
		}
		// the pom's DL4J version, as the build that runs this test has it
		final String v = autoencoderj.model.Versions.DL4J;
		assertTrue(shipped.contains("jars/nd4j-guava-" + v + ".jar"), shipped.toString());
		assertTrue(shipped.contains("jars/nd4j-jackson-" + v + ".jar"), shipped.toString());
		assertTrue(shipped.contains("jars/nd4j-protobuf-" + v + ".jar"), shipped.toString());
		assertTrue(shipped.contains("jars/linux64/nd4j-native-" + v + "-linux-x86_64-onednn.jar"),
			shipped.toString());
		// oneDNN's own library, which the engine calls for its convolutions, and the OpenCL loader
		// it links against
		for (final String lib : new String[] { "dnnl", "opencl" }) {
			assertTrue(shipped.stream().anyMatch(j -> j.matches("jars/" + lib + "-[0-9.-]+\\.jar")), lib +
				": " + shipped);
			assertTrue(shipped.stream().anyMatch(j -> j.matches("jars/linux64/" + lib +
				"-[0-9.-]+-linux-x86_64\\.jar")), lib + " for Linux: " + shipped);
		}
		for (final String jar : shipped) {
			final String b = base(Paths.get(jar).getFileName().toString());
			assertFalse(provided.contains(b) || b.equals("guava") || b.equals("jackson") || b.equals(
				"protobuf") || b.startsWith("slf4j"), jar + " would clash with a jar Fiji ships");
		}

		final Path model = dir.resolve("m.zip");
		ModelFiles.save(TrainedModels.denoiser().model(), model);
		IJ.saveAsTiff(TrainedModels.slices(1990, 2), dir.resolve("in.tif").toString());
		final String cp = site.resolve("jars").resolve("*") + File.pathSeparator + site.resolve("jars")
			.resolve("linux64").resolve("*") + File.pathSeparator + fiji.stream().map(Path::toString)
				.collect(Collectors.joining(File.pathSeparator));
		final Process run = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java")
			.toString(), "-Djava.awt.headless=true", "-cp", cp, "autoencoderj.Main", "--run",
			"Denoise Image", "image=" + dir.resolve("in.tif") + ",model=" + model, "--outputs", dir
				.resolve("out").toString()).redirectErrorStream(true).redirectOutput(dir.resolve("run.log")
					.toFile()).start();
		assertTrue(run.waitFor(3, TimeUnit.MINUTES));
		assertEquals(0, run.exitValue(), Files.readString(dir.resolve("run.log")));
		final ImagePlus out = IJ.openImage(dir.resolve("out").resolve("denoised.tif").toString());
		assertEquals(2, out.getStackSize());
		assertEquals(32, out.getBitDepth());
	}
}
