package autoencoderj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import autoencoderj.app.TrainedModels;
import autoencoderj.data.CraftedTiffs;
import autoencoderj.data.Csv;
import autoencoderj.model.ModelFiles;

import ij.IJ;
import ij.measure.ResultsTable;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

/**
 * A night's folder run as an attacker or an unlucky user would set it up:
 * hostile TIFFs among good ones, links leading out, names that break CSV,
 * outputs beside inputs, a disk that fills up.
 */
class HostileFoldersTest extends ContextTest {

	@TempDir
	static Path shared;
	private static Path model;

	@TempDir
	Path dir;

	@BeforeAll
	static void model() throws Exception {
		model = shared.resolve("digits.zip");
		ModelFiles.save(TrainedModels.denoiser().model(), model);
	}

	private static void digit(final Path file, final int index) {
		assertTrue(IJ.saveAsTiff(TrainedModels.slices(index, 1), file.toString()));
	}

	private CommandModule run(final Path in, final Path out, final Object... more) throws Exception {
		final Object[] kv = { "model", model.toFile(), "input", in.toFile(), "output", out.toFile() };
		final Object[] all = Arrays.copyOf(kv, kv.length + more.length);
		System.arraycopy(more, 0, all, kv.length, more.length);
		return Commands.run(context, DenoiseFolder.class, all);
	}

	private static List<String> tree(final Path root) throws Exception {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
				.map(p -> root.relativize(p).toString()).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void oneHostileFileIsOneFailedRowAndTheRunGoesOn() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		digit(in.resolve("a.tif"), 1);
		Files.write(in.resolve("b-huge.tif"), CraftedTiffs.huge());
		Files.write(in.resolve("c-loop.tif"), CraftedTiffs.loop());
		digit(in.resolve("d-whole.tif"), 2);
		final byte[] whole = Files.readAllBytes(in.resolve("d-whole.tif"));
		Files.write(in.resolve("d-half.tif"), Arrays.copyOf(whole, whole.length / 2));
		Files.write(in.resolve("e-empty.tif"), new byte[0]);
		digit(in.resolve("f.tif"), 3);

		final long t0 = System.nanoTime();
		final CommandModule m = run(in, out);
		assertTrue((System.nanoTime() - t0) / 1e9 < 60, "the run took " + (System.nanoTime() - t0) /
			1e9 + " s");
		assertTrue(m.isCanceled(), "the exit code says it failed");
		assertTrue(m.getCancelReason().startsWith("4 of 7 files failed: b-huge.tif: page 1 declares " +
			"70000x70000 pixels"), m.getCancelReason());
		final Csv.Table summary = Csv.read(out.resolve(DenoiseFolder.SUMMARY), 1 << 20, 100);
		assertEquals(7, summary.rows.size());
		final String[] expected = { "denoised", "failed: page 1 declares 70000x70000 pixels",
			"failed: its chain of pages returns to an earlier page", "failed: page 1 has pixel data",
			"denoised", "failed: it is empty (0 bytes)", "denoised" };
		for (int r = 0; r < expected.length; r++)
			assertTrue(summary.get(r, "status").startsWith(expected[r]), r + ": " + summary.get(r,
				"status"));
		assertTrue(summary.get(3, "status").contains("the file is truncated"), summary.get(3, "status"));
		assertEquals(List.of("a.tif", "d-whole.tif", DenoiseFolder.SUMMARY, "f.tif"), tree(out));
	}

	@Test
	void linksNeverLeadOutputsOutOfTheOutputFolder() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("deep/o/out");
		final Path outside = Files.createDirectories(dir.resolve("deep/o/outside"));
		digit(outside.resolve("secret.tif"), 4);
		Files.createSymbolicLink(in.resolve("link.tif"), Path.of("../deep/o/outside/secret.tif"));
		digit(in.resolve("plain.tif"), 5);
		Files.createDirectories(out);
		// a link in the input folder to a file of the output folder is not an input
		digit(out.resolve("old.tif"), 6);
		Files.createSymbolicLink(in.resolve("old-link.tif"), out.resolve("old.tif"));
		final CommandModule m = run(in, out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertEquals(List.of("secret.tif"), tree(outside), "nothing written outside");
		assertEquals(List.of(DenoiseFolder.SUMMARY, "link.tif", "old.tif", "plain.tif"), tree(out));
		final ResultsTable t = (ResultsTable) m.getOutput("summary");
		assertEquals(2, t.size());
		assertEquals("link.tif", t.getStringValue("file", 0));
		assertEquals("denoised", t.getStringValue("status", 0));
	}

	@Test
	void anOutputFolderAboveTheInputFolderFindsTheInputs() throws Exception {
		final Path out = dir.resolve("project"), in = Files.createDirectories(out.resolve("raw"));
		digit(in.resolve("x.tif"), 7);
		final CommandModule m = run(in, out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertTrue(tree(out).contains("x.tif"), tree(out).toString());
		assertTrue(tree(out).contains("raw/x.tif"), tree(out).toString());
	}

	@Test
	void namesWithQuotesAndCommasGiveValidCsvAndFailuresAreFound() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		digit(in.resolve("x\",y.tif"), 8);
		Files.writeString(in.resolve("=cmd|' ,\"z.tif"), "not an image");
		final CommandModule m = run(in, out);
		assertTrue(m.isCanceled());
		final Csv.Table t = Csv.read(out.resolve(DenoiseFolder.SUMMARY), 1 << 20, 100);
		assertEquals(List.of("=cmd|' ,\"z.tif", "x\",y.tif"), List.of(t.get(0, "file"), t.get(1, "file")));
		assertTrue(t.get(0, "status").startsWith("failed: "), t.get(0, "status"));
		final String text = Files.readString(out.resolve(DenoiseFolder.SUMMARY));
		assertTrue(text.contains("\"'=cmd|' ,\"\"z.tif\""), "neutralised and quoted: " + text);

		// the same rows as a part of a job: the merge finds the failure
		Files.move(out.resolve(DenoiseFolder.SUMMARY), out.resolve("denoise-folder-summary-1of1.csv"));
		final CommandModule merged = Commands.run(context, DenoiseFolderSummary.class, "output", out
			.toFile());
		assertTrue(merged.isCanceled(), "a failed file fails the merge");
		assertTrue(merged.getCancelReason().startsWith("1 files failed: =cmd|' ,\"z.tif: "), merged
			.getCancelReason());
	}

	@Test
	void aFullDiskStopsTheRunAndKeepsThePreviousSummary() throws Exception {
		assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0,
			"not root: cannot mount a small file system to fill up (skipped)");
		final Path in = Files.createDirectories(dir.resolve("in"));
		for (int i = 0; i < 6; i++)
			digit(in.resolve("d" + i + ".tif"), 10 + i);
		final Path out = Files.createDirectories(dir.resolve("small"));
		final Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", out
			.toString()).redirectErrorStream(true).start();
		assumeTrue(mount.waitFor(20, TimeUnit.SECONDS) && mount.exitValue() == 0,
			"cannot mount a tmpfs here (skipped)");
		try {
			// an earlier run's summary, and a disk nearly full
			final List<String> old = List.of("file,status", "earlier.tif,denoised");
			Files.write(out.resolve(DenoiseFolder.SUMMARY), old);
			Files.write(out.resolve("filler"), new byte[20 * 1024]);
			final CommandModule m = run(in, out);
			assertTrue(m.isCanceled());
			assertTrue(m.getCancelReason().contains("No space left on device"), m.getCancelReason());
			assertEquals(old, Files.readAllLines(out.resolve(DenoiseFolder.SUMMARY)), "kept as it was");
			// 28x28 32-bit digits take 3.3 kB each: two or three fit, then the run stops
			final long written = tree(out).stream().filter(f -> f.startsWith("d")).count();
			assertTrue(written < 6, tree(out).toString());
			try (Stream<Path> left = Files.list(out)) {
				assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".autoencoderj-")),
					"no temporary file left");
			}
			// headless outputs on the full disk: a message and exit code 1, not "saved"
			final java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream(), err =
				new java.io.ByteArrayOutputStream();
			assertEquals(1, autoencoderj.cli.HeadlessRun.run(context, "Open MNIST Sample", "", out,
				new java.io.PrintStream(said), new java.io.PrintStream(err)));
			assertTrue(err.toString().startsWith("Could not save the outputs of Open MNIST Sample: " +
				"ImageJ could not write the TIFF sample.tif (No space left on device: the disk is full)"),
				err.toString());
			assertFalse(said.toString().contains("saved"), said.toString());
			assertFalse(Files.exists(out.resolve("sample.tif")));
		}
		finally {
			new ProcessBuilder("umount", out.toString()).start().waitFor(20, TimeUnit.SECONDS);
		}
	}

	@Test
	void noCommandWritesOverItsOwnInputOrAFileOfAnotherKind() throws Exception {
		final Path victim = dir.resolve("victim.tif");
		digit(victim, 20);
		final byte[] before = Files.readAllBytes(victim);
		final ij.ImagePlus imp = IJ.openImage(victim.toString());
		final CommandModule train = Commands.run(context, TrainAutoencoder.class, "image", imp, "model",
			victim.toFile(), "epochs", 1);
		assertTrue(train.isCanceled());
		assertEquals("The output " + victim + " is also an input of this command; writing an " +
			"AutoencoderJ model there would replace it. Choose another output file.", train
				.getCancelReason());
		final Path notes = Files.writeString(dir.resolve("notes.zip"), "my notes");
		final CommandModule other = Commands.run(context, TrainAutoencoder.class, "image", imp, "model",
			notes.toFile(), "epochs", 1);
		assertTrue(other.getCancelReason().startsWith("The output " + notes + " exists and is not an " +
			"AutoencoderJ model, so it is not replaced."), other.getCancelReason());
		assertTrue(Arrays.equals(before, Files.readAllBytes(victim)));
		assertEquals("my notes", Files.readString(notes));

		final byte[] modelBytes = Files.readAllBytes(model);
		final CommandModule export = Commands.run(context, ExportToBioImageIo.class, "image", imp,
			"model", model.toFile(), "output", model.toFile(), "authors", "Ada");
		assertTrue(export.isCanceled());
		assertTrue(export.getCancelReason().startsWith("The output " + model + " is also an input of " +
			"this command; writing a bioimage.io package there"), export.getCancelReason());
		assertTrue(Arrays.equals(modelBytes, Files.readAllBytes(model)));
	}

	@Test
	void limitsThatEndedInTracesEndInMessages() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		digit(in.resolve("a.tif"), 21);
		final CommandModule shard = run(in, dir.resolve("out"), "shard", "1/2000000000");
		assertTrue(shard.isCanceled());
		assertTrue(shard.getCancelReason().startsWith("shard=1/2000000000 asks for 2000000000 parts; a " +
			"job here has at most 10000"), shard.getCancelReason());
		final Path conv = dir.resolve("conv.zip");
		ModelFiles.save(TrainedModels.untrainedConvolutional(1), conv);
		for (final int tile : new int[] { 1, -5 }) {
			final CommandModule d = Commands.run(context, DenoiseImage.class, "image", IJ.openImage(in
				.resolve("a.tif").toString()), "model", conv.toFile(), "tile", tile);
			assertTrue(d.isCanceled());
			assertTrue(d.getCancelReason().startsWith("tile=" + tile + " is too small"), d
				.getCancelReason());
		}
	}
}
