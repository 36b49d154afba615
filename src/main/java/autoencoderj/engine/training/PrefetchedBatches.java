package autoencoderj.engine.training;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes the next minibatch of a {@link BatchSource.Epoch} on a second
 * thread while the current one trains: copying and corrupting a batch costs
 * about as much as the element-wise part of its training step. The contents
 * depend only on the epoch, not on timing.
 */
final class PrefetchedBatches implements AutoCloseable {

	private final ExecutorService thread;
	private final boolean own;
	private final float[][] input = new float[2][], target = new float[2][], mask = new float[2][];
	private BatchSource.Epoch epoch;
	private Future<?> pending;

	/** @param thread where to make batches, or {@code null} for a thread of its own */
	PrefetchedBatches(final BatchSource batches, final ExecutorService thread) {
		own = thread == null;
		this.thread = own ? Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, "AutoencoderJ batches");
			t.setDaemon(true);
			return t;
		}) : thread;
		final int in = batches.batch() * BatchSource.values(batches.inputShape()), out = batches.batch() *
			BatchSource.values(batches.targetShape());
		for (int slot = 0; slot < 2; slot++) {
			input[slot] = new float[in];
			target[slot] = new float[out];
			if (batches.masked()) mask[slot] = new float[out];
		}
	}

	void start(final BatchSource.Epoch next) {
		await();
		epoch = next;
		pending = fill(0);
	}

	/** Waits for batch {@code b}. */
	void take(final int b) {
		await();
	}

	/** Starts making batch {@code b + 1}, if there is one; call after {@link #take(int) take(b)}. */
	void startNext(final int b) {
		if (b + 1 < epoch.batches()) pending = fill(b + 1);
	}

	float[] input(final int b) {
		return input[b % 2];
	}

	float[] target(final int b) {
		return target[b % 2];
	}

	/** Batch {@code b}'s loss mask, or {@code null} when the source has none. */
	float[] mask(final int b) {
		return mask[b % 2];
	}

	private Future<?> fill(final int b) {
		return thread.submit(() -> epoch.fill(b, input[b % 2], target[b % 2], mask[b % 2]));
	}

	private void await() {
		if (pending == null) return;
		try {
			Futures.get(pending, "making a minibatch");
		}
		finally {
			pending = null;
		}
	}

	@Override
	public void close() {
		if (own) thread.shutdownNow();
		else await();
	}
}
