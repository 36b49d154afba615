package autoencoderj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher refuses all deserialisation; the ImageJ 1.x bridge refuses ours and gadgets'. */
class SerialFiltersTest {

	@TempDir
	Path dir;

	@Test
	void launcherRefusesEveryClass() throws Exception {
		final Processes.Result r = Processes.java(dir, SerialFilterProbe.class, "all");
		assertEquals(0, r.exit, r.toString());
		assertEquals("ArrayList: refused\nOurs: refused", r.out.trim(), r.toString());
	}

	@Test
	void bridgeRefusesThePluginsClassesAndLeavesOthersToOtherPlugins() throws Exception {
		final Processes.Result r = Processes.java(dir, SerialFilterProbe.class, "shared");
		assertEquals(0, r.exit, r.toString());
		assertEquals("ArrayList: read\nOurs: refused", r.out.trim(), r.toString());
	}
}
