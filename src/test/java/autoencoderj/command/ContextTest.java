package autoencoderj.command;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.scijava.Context;

/** A SciJava context shared by the tests of one class, disposed after them. */
abstract class ContextTest {

	static Context context;

	@BeforeAll
	static void startContext() {
		context = new Context();
	}

	@AfterAll
	static void disposeContext() {
		context.dispose();
	}
}
