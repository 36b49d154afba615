package autoencoderj.engine;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** A training engine that computes DL4J's training steps of a network outside DL4J. */
interface TrainingStep extends AutoCloseable {

	/**
	 * One step on a minibatch.
	 *
	 * @param input {@code rows} corrupted samples, row after row
	 * @param target their clean versions (or the targets)
	 * @return the loss per output value, summed over the batch's samples
	 */
	double step(float[] input, float[] target, int rows);

	/**
	 * {@link #step(float[], float[], int)}, running {@code alongside} (which
	 * hands work to {@link #helper()} or starts its own) once the step's own
	 * use of the helper is queued, so that work done alongside waits for the
	 * step's share rather than the other way round.
	 */
	default double step(final float[] input, final float[] target, final int rows,
		final Runnable alongside)
	{
		alongside.run();
		return step(input, target, rows);
	}

	/**
	 * The engine's second thread, for work to queue behind its share of each
	 * step (making the next batch), or {@code null} when it has none.
	 */
	default java.util.concurrent.ExecutorService helper() {
		return null;
	}

	/**
	 * The gradient of the last step's loss with respect to the parameters, in
	 * the order of {@code net.params()}, divided by the minibatch size, as it
	 * was before the update: what tests hold against DL4J's own gradient.
	 */
	float[] lastGradient();

	/** Copies parameters, optimiser state and iteration count into {@code net}. */
	void writeTo(MultiLayerNetwork net);

	@Override
	void close();
}
