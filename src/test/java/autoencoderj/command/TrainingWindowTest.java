package autoencoderj.command;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ij.IJ;
import ij.ImagePlus;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training window on a real display (Xvfb; skipped with a message where
 * it is not installed): a user presses Stop after the third epoch and gets a
 * loadable model that says it was stopped there; Cancel writes nothing. The
 * screenshots it takes are kept in {@code target/screenshots/}.
 */
class TrainingWindowTest {

	private static final String DISPLAY = ":74";
	private static Process xvfb;
	@TempDir
	Path work;

	@BeforeAll
	static void display() throws Exception {
		xvfb = autoencoderj.Xvfb.start(DISPLAY, "the training window needs a display");
	}

	@AfterAll
	static void stop() {
		if (xvfb != null) xvfb.destroy();
	}

	private String probe(final String button) throws Exception {
		final ProcessBuilder pb = new ProcessBuilder(List.of(Paths.get(System.getProperty("java.home"),
			"bin", "java").toString(), "-Djava.awt.headless=false", "-Djava.util.prefs.userRoot=" + work
				.resolve("prefs"), "-cp", System.getProperty(
				"java.class.path"), TrainingWindowProbe.class.getName(), work.toString(), button))
			.redirectErrorStream(true).redirectOutput(work.resolve(button + ".log").toFile());
		pb.environment().put("DISPLAY", DISPLAY);
		final Process p = pb.start();
		if (!p.waitFor(3, TimeUnit.MINUTES)) {
			p.destroyForcibly();
			throw new AssertionError(button + " probe did not finish: " + Files.readString(work.resolve(
				button + ".log")));
		}
		final String log = Files.readString(work.resolve(button + ".log"));
		assertTrue(p.exitValue() == 0, log);
		final Path shots = Files.createDirectories(Paths.get("target", "screenshots"));
		for (final String when : new String[] { "during", "after" }) {
			final Path png = work.resolve(button + "-" + when + ".png");
			final ImagePlus shot = IJ.openImage(png.toString());
			assertTrue(shot != null && shot.getWidth() >= 300 && shot.getHeight() >= 150, png.toString());
			// not blank: the window's text, bar and curves vary
			assertTrue(shot.getStatistics().stdDev > 10, png + " looks blank");
			Files.copy(png, shots.resolve("training-window-" + button + "-" + when + ".png"),
				StandardCopyOption.REPLACE_EXISTING);
		}
		return log;
	}

	@Test
	void stopKeepsAndWritesTheBestModelSoFarAndSaysWhere() throws Exception {
		final String log = probe("stop");
		// pressed while the bar showed epoch 4: stopped after 3 epochs, or 4 where the fourth ended first
		final java.util.regex.Matcher m = java.util.regex.Pattern.compile(
			"STOPPED canceled=false stopped=true epochs=(\\d+) asked=30").matcher(log);
		assertTrue(m.find(), log);
		final int epochs = Integer.parseInt(m.group(1));
		assertTrue(epochs >= 3 && epochs < 30, log);
		assertTrue(log.contains("loads=true"), log);
		assertTrue(log.contains("window said: Stopped after epoch"), log);
		// the input crop and the model's output on it, side by side, shown at least 192 pixels high
		final java.util.regex.Matcher p = java.util.regex.Pattern.compile(
			"PREVIEW (\\d+)x(\\d+) Input and output now \\(middle crop, epoch \\d+\\)").matcher(log);
		assertTrue(p.find(), log);
		assertTrue(Integer.parseInt(p.group(1)) > 2 * Integer.parseInt(p.group(2)) && Integer.parseInt(p
			.group(2)) >= 192, log);
	}

	@Test
	void cancelWritesNothing() throws Exception {
		final String log = probe("cancel");
		assertTrue(log.contains("CANCELLED canceled=true model=false checkpoint=false"), log);
		assertTrue(log.contains("window said: Training was cancelled after"), log);
	}
}
