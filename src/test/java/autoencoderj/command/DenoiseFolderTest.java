package autoencoderj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import autoencoderj.Main;
import autoencoderj.app.TrainedModels;
import autoencoderj.cli.Processes;
import autoencoderj.model.ModelFiles;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

class DenoiseFolderTest extends ContextTest {

	@TempDir
	Path dir;

	private static final String NOT_AN_IMAGE = "it is not an image file AutoencoderJ reads (TIFF, " +
		"PNG, JPEG, GIF, BMP). Open it in Fiji and save it as TIFF";

	/** in/a.tif, in/b.tif, in/sub/c.tif (digits), in/notes.tif (not an image), in/skip.png. */
	private Path inputs() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in").resolve("sub")).getParent();
		IJ.saveAsTiff(TrainedModels.slices(1900, 2), in.resolve("a.tif").toString());
		IJ.saveAsTiff(TrainedModels.slices(1910, 1), in.resolve("b.tif").toString());
		IJ.saveAsTiff(TrainedModels.slices(1920, 3), in.resolve("sub").resolve("c.tif").toString());
		Files.writeString(in.resolve("notes.tif"), "not a TIFF at all");
		new ij.io.FileSaver(TrainedModels.slices(1930, 1)).saveAsPng(in.resolve("skip.png").toString());
		return in;
	}

	private Path model() throws Exception {
		final Path m = dir.resolve("digits.zip");
		ModelFiles.save(TrainedModels.denoiser().model(), m);
		return m;
	}

	private static List<String> tree(final Path root) throws Exception {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted()
				.collect(Collectors.toList());
		}
	}

	@Test
	void denoisesRecursivelyContinuesPastBadFilesAndResumes() throws Exception {
		final Path in = inputs(), out = dir.resolve("out");
		final CommandModule first = Commands.run(context, DenoiseFolder.class, "model", model().toFile(),
			"input", in.toFile(), "output", out.toFile(), "recursive", true);
		// a file failed: the command says so, with the reason, and the others are done
		assertTrue(first.isCanceled());
		assertTrue(first.getCancelReason().startsWith("1 of 4 files failed: notes.tif: " + NOT_AN_IMAGE +
			". The others are in " + out), first.getCancelReason());
		assertEquals(List.of("a.tif", "b.tif", DenoiseFolder.SUMMARY, "sub/c.tif"), tree(out));
		final ImagePlus c = IJ.openImage(out.resolve("sub/c.tif").toString());
		assertEquals(3, c.getStackSize());
		assertEquals(32, c.getBitDepth());
		final ResultsTable t = (ResultsTable) first.getOutput("summary");
		assertEquals(4, t.size());
		assertEquals(5, Files.readAllLines(out.resolve(DenoiseFolder.SUMMARY)).size());
		assertEquals("notes.tif", t.getStringValue("file", 2));
		assertEquals("failed: " + NOT_AN_IMAGE, t.getStringValue("status", 2));
		assertEquals("denoised", t.getStringValue("status", 3));
		assertEquals(3, t.getValue("slices", 3), 0);

		Files.delete(out.resolve("b.tif"));
		final long before = Files.getLastModifiedTime(out.resolve("a.tif")).toMillis();
		final ResultsTable again = (ResultsTable) Commands.run(context, DenoiseFolder.class, "model",
			model().toFile(), "input", in.toFile(), "output", out.toFile(), "recursive", true).getOutput(
				"summary");
		assertEquals("skipped: output exists", again.getStringValue("status", 0));
		assertEquals("denoised", again.getStringValue("status", 1));
		assertEquals(before, Files.getLastModifiedTime(out.resolve("a.tif")).toMillis());
		assertEquals(List.of("a.tif", "b.tif", "notes.tif", "skip.png", "sub/c.tif"), tree(in),
			"inputs are never touched");
	}

	@Test
	void badFoldersGetClearMessages() throws Exception {
		final Path in = inputs();
		final Path empty = Files.createDirectories(dir.resolve("empty"));
		final String[][] cases = { //
			{ dir.resolve("missing").toString(), dir.resolve("o1").toString(), "The input folder " },
			{ empty.toString(), dir.resolve("o2").toString(), "No files matching '*.tif*' in " },
			{ in.toString(), in.toString(), "The output folder " + in + " is the input folder" },
			{ in.toString(), Files.createSymbolicLink(dir.resolve("link"), in).toString(),
				"The output folder " + dir.resolve("link") + " is the input folder (" + in.toRealPath() +
					")" } };
		for (final String[] c : cases) {
			final CommandModule m = Commands.run(context, DenoiseFolder.class, "model", model().toFile(),
				"input", new java.io.File(c[0]), "output", new java.io.File(c[1]));
			assertTrue(m.isCanceled(), c[0]);
			assertTrue(m.getCancelReason().startsWith(c[2]), m.getCancelReason());
		}
	}

	@Test
	void headlessProcessDenoisesAFolderAndWritesTheSummary() throws Exception {
		final Path in = inputs();
		final Processes.Result r = Processes.java(dir, Main.class, "--run", "Denoise Folder", "model=" +
			model() + ",input=" + in + ",output=" + dir.resolve("out") + ",pattern=*.tif", "--outputs",
			"report");
		assertEquals(1, r.exit, r.toString());
		assertTrue(r.err.contains("Denoise Folder failed: 1 of 3 files failed: notes.tif: " +
			NOT_AN_IMAGE), r.toString());
		assertEquals(List.of("a.tif", "b.tif", DenoiseFolder.SUMMARY), tree(dir.resolve("out")));
		final List<String> csv = Files.readAllLines(dir.resolve("out").resolve(DenoiseFolder.SUMMARY));
		assertEquals(4, csv.size(), csv.toString());
		assertTrue(csv.get(1).contains("a.tif") && csv.get(1).contains("denoised"), csv.toString());

		final Processes.Result ok = Processes.java(dir, Main.class, "--run", "Denoise Folder", "model=" +
			model() + ",input=" + in + ",output=" + dir.resolve("out2") + ",pattern=[ab].tif",
			"--outputs", "report");
		assertEquals(0, ok.exit, ok.toString());
		assertTrue(Files.isRegularFile(dir.resolve("report").resolve("summary.csv")), ok.toString());
	}

	@Test
	void inputsThatWouldShareAnOutputKeepTheirWholeNames() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		IJ.saveAsTiff(TrainedModels.slices(1900, 1), in.resolve("x.tif").toString());
		new ij.io.FileSaver(TrainedModels.slices(1901, 1)).saveAsPng(in.resolve("x.png").toString());
		new ij.io.FileSaver(TrainedModels.slices(1902, 1)).saveAsPng(in.resolve("y.png").toString());
		final Path out = dir.resolve("out");
		final CommandModule m = Commands.run(context, DenoiseFolder.class, "model", model().toFile(),
			"input", in.toFile(), "output", out.toFile(), "pattern", "*.{tif,png}");
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertEquals(List.of(DenoiseFolder.SUMMARY, "x.png.tif", "x.tif", "y.tif"), tree(out));
		final float[] fromPng = (float[]) IJ.openImage(out.resolve("x.png.tif").toString())
			.getProcessor().getPixels();
		final float[] fromTif = (float[]) IJ.openImage(out.resolve("x.tif").toString()).getProcessor()
			.getPixels();
		assertFalse(java.util.Arrays.equals(fromPng, fromTif), "two results, not one twice");
	}

	@Test
	void whatKilledRunsLeftIsCleanedUpAndRunningOnesAreLeftAlone() throws Exception {
		final Path in = inputs(), out = Files.createDirectories(dir.resolve("out").resolve("sub"))
			.getParent();
		final String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().replaceAll(
			"[^A-Za-z0-9._]", "_");
		// a process that has ended: start one and wait for it
		final Process ended = new ProcessBuilder("true").start();
		ended.waitFor();
		final Path dead = Files.createDirectories(out.resolve("sub").resolve(".autoencoderj-" + ended
			.pid() + "@" + host + "-123"));
		Files.writeString(dead.resolve("c.tif"), "half");
		final Path running = Files.createDirectories(out.resolve(".autoencoderj-" + ProcessHandle
			.current().pid() + "@" + host + "-456"));
		final Path old = Files.createDirectories(out.resolve(".autoencoderj-789"));
		Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(System
			.currentTimeMillis() - 2 * 24 * 3600 * 1000L));
		final Path recent = Files.createDirectories(out.resolve(".autoencoderj-790"));
		Commands.run(context, DenoiseFolder.class, "model", model().toFile(), "input", in.toFile(),
			"output", out.toFile(), "recursive", true);
		assertFalse(Files.exists(dead));
		assertFalse(Files.exists(old));
		assertTrue(Files.exists(running));
		assertTrue(Files.exists(recent));
	}

	@Test
	void anOutputThatCannotBeWrittenFailsWithItsReason() throws Exception {
		final Path in = inputs(), out = Files.createDirectories(dir.resolve("out"));
		Files.writeString(out.resolve("sub"), "a file where the folder of sub/c.tif's output goes");
		final CommandModule m = Commands.run(context, DenoiseFolder.class, "model", model().toFile(),
			"input", in.toFile(), "output", out.toFile(), "recursive", true, "pattern", "*.tif");
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("sub/c.tif: cannot write " + out.resolve("sub")
			.resolve("c.tif")), m.getCancelReason());
		assertTrue(m.getCancelReason().startsWith("2 of 4 files failed"), m.getCancelReason());
	}
}
