package autoencoderj.engine.training;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to the training threads. */
final class Futures {

	private Futures() {}

	/**
	 * The result of {@code f}; its exception rethrown as it was thrown, so a
	 * failure on the helper thread reads as if it had happened here.
	 *
	 * @param doing what was being done, for the message when interrupted
	 */
	static <T> T get(final Future<T> f, final String doing) {
		try {
			return f.get();
		}
		catch (final InterruptedException exc) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while " + doing, exc);
		}
		catch (final ExecutionException exc) {
			if (exc.getCause() instanceof RuntimeException) throw (RuntimeException) exc.getCause();
			if (exc.getCause() instanceof Error) throw (Error) exc.getCause();
			throw new IllegalStateException(exc.getCause());
		}
	}
}
