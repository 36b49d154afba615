package autoencoderj.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AutoencoderJ's ImageJ 1.x dialogs on a real display (Xvfb; skipped with a
 * message where it is not installed), as a user meets them: plain labels
 * that still give the macro keys, fields greyed while they do not apply,
 * Help, no plots offered as images, the values last given, the model just
 * trained; a macro gets the defaults. Screenshots go to {@code target/screenshots/}.
 */
class DialogTest {

	private static final String DISPLAY = ":75";

	@TempDir
	Path work;

	@Test
	void theDialogsHelpAUserAndLeaveMacrosAsTheyWere() throws Exception {
		final Process xvfb = autoencoderj.Xvfb.start(DISPLAY, "the dialogs need a display");
		final String log;
		try {
			final ProcessBuilder pb = new ProcessBuilder(List.of(Paths.get(System.getProperty(
				"java.home"), "bin", "java").toString(), "-Djava.awt.headless=false", "-Duser.home=" + work,
				"-Djava.util.prefs.userRoot=" + work.resolve("prefs"), "-cp", System.getProperty(
					"java.class.path"), DialogProbe.class.getName(), work.toString())).redirectErrorStream(true)
				.redirectOutput(work.resolve("probe.log").toFile());
			pb.environment().put("DISPLAY", DISPLAY);
			final Process p = pb.start();
			final boolean ended = p.waitFor(2, TimeUnit.MINUTES);
			if (!ended) p.destroyForcibly().waitFor();
			log = Files.readString(work.resolve("probe.log"));
			assertTrue(ended, "the probe did not finish: " + log);
			assertEquals(0, p.exitValue(), log);
		}
		finally {
			xvfb.destroy();
		}
		// images, not the loss plot
		assertTrue(log.contains("IMAGES noisy.tif\n"), log);
		final String labels = line(log, "LABELS");
		assertTrue(labels.contains("|Batch size (0: auto)|") && labels.contains(
			"|Masked fraction (blind-spot)|") && labels.contains("|rate: learning rate|") && !labels
				.contains("hidden (Hidden"), labels);
		// added-noise and 2-D by default: blind-spot and 3-D fields greyed, the others not
		final String first = line(log, "DEFAULT");
		for (final String on : new String[] { "epochs=true", "masked=false", "replacement=false",
			"patchz=false", "pooling=false", "noise=true", "sigma=true", "hidden=true", "filters=true" })
			assertTrue((" " + first + " ").contains(" " + on + " "), on + " in " + first);
		final String blind = line(log, "BLINDSPOT");
		for (final String on : new String[] { "masked=true", "structure=true", "noise=false",
			"sigma=false", "patchz=false" })
			assertTrue((" " + blind + " ").contains(" " + on + " "), on + " in " + blind);
		assertTrue((" " + line(log, "VOLUME") + " ").contains(" patchz=true "), log);
		// Train Image to Image's 3-D fields follow its dimensions
		for (final String on : new String[] { "dimensions=true", "patchz=false", "pooling=false" })
			assertTrue((" " + line(log, "PAIRS") + " ").contains(" " + on + " "), on + " in " + log);
		for (final String on : new String[] { "patchz=true", "pooling=true" })
			assertTrue((" " + line(log, "PAIRS3D") + " ").contains(" " + on + " "), on + " in " + log);
		assertTrue(log.contains("HELP true"), log);
		assertTrue(log.contains("CANCELLED null"), log);
		assertTrue(log.contains("GIVEN size=3"), log);
		assertTrue(log.contains("REOPENED size=3"), log);
		assertTrue(log.contains("MACRO size=2"), "a macro's missing key takes the default: " + log);
		assertTrue(log.contains("MODEL " + work.resolve("just trained.zip")), log);
		// Denoise Image in plain ImageJ 1.x: what it does in ImageJ's status bar, the result shown
		assertTrue(log.contains("STATUS Denoising big.tif with tiny.zip"), log);
		assertTrue(log.contains("DENOISED true"), log);
		final Path shots = Files.createDirectories(Paths.get("target", "screenshots"));
		for (final String name : new String[] { "dialog-train-autoencoder",
			"dialog-train-autoencoder-blind-spot-3d", "dialog-train-image-to-image-3d", "dialog-denoise-image",
			"denoise-image-progress" })
		{
			final Path png = work.resolve(name + ".png");
			// kept first, to be looked at when the check below fails
			Files.copy(png, shots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
			final ImagePlus shot = IJ.openImage(png.toString());
			// a dialog is light grey with dark text; one not yet painted is black
			assertTrue(shot != null && shot.getWidth() >= 200 && shot.getStatistics().stdDev > 10 && shot
				.getStatistics().mean > 150, png + " does not show a dialog");
		}
	}

	private static String line(final String log, final String key) {
		final Matcher m = Pattern.compile("^" + key + " (.*)$", Pattern.MULTILINE).matcher(log);
		assertTrue(m.find(), key + " missing from " + log);
		return m.group(1);
	}
}
