package autoencoderj;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** A virtual display for the tests that need a real one (ImageJ 1.x, the training window, dialogs). */
public final class Xvfb {

	private Xvfb() {}

	/**
	 * Starts Xvfb on {@code display} (e.g. {@code :74}) and waits until it is
	 * ready (its socket exists); where Xvfb is not installed the test is skipped
	 * with {@code why} ({@code apt-get install xvfb}; {@code .ci/run} installs it).
	 */
	public static Process start(final String display, final String why) throws Exception {
		assumeTrue(Files.isExecutable(Paths.get("/usr/bin/Xvfb")), why +
			": install Xvfb (apt-get install xvfb) to run this test");
		final Process xvfb = new ProcessBuilder("/usr/bin/Xvfb", display, "-screen", "0", "1280x1024x24",
			"-nolisten", "tcp").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		final Path socket = Paths.get("/tmp/.X11-unix/X" + display.substring(1));
		for (int i = 0; i < 200 && !Files.exists(socket) && xvfb.isAlive(); i++)
			Thread.sleep(50);
		assertTrue(Files.exists(socket), "Xvfb did not start on " + display);
		return xvfb;
	}
}
