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
import autoencoderj.cli.Processes;
import autoencoderj.model.ModelFiles;
import autoencoderj.model.TrainedModels;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

class DenoiseFolderTest extends ContextTest {

	@TempDir
	Path dir;

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
		assertFalse(first.isCanceled(), first.getCancelReason());
		assertEquals(List.of("a.tif", "b.tif", "sub/c.tif"), tree(out));
		final ImagePlus c = IJ.openImage(out.resolve("sub/c.tif").toString());
		assertEquals(3, c.getStackSize());
		assertEquals(32, c.getBitDepth());
		final ResultsTable t = (ResultsTable) first.getOutput("summary");
		assertEquals(4, t.size());
		assertEquals("notes.tif", t.getStringValue("file", 2));
		assertEquals("failed: not an image ImageJ can read", t.getStringValue("status", 2));
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
			{ in.toString(), in.toString(), "The output folder is the input folder" } };
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
		assertEquals(0, r.exit, r.toString());
		assertEquals(List.of("a.tif", "b.tif"), tree(dir.resolve("out")));
		final List<String> csv = Files.readAllLines(dir.resolve("report").resolve("summary.csv"));
		assertEquals(4, csv.size(), csv.toString());
		assertTrue(csv.get(1).contains("a.tif") && csv.get(1).contains("denoised"), csv.toString());
	}
}
