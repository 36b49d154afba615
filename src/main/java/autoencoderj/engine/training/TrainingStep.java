package autoencoderj.engine.training;

import org.deeplearning4j.nn.api.Model;

/** A training engine that computes DL4J's training steps of a network outside DL4J. */
interface TrainingStep extends AutoCloseable {

	/**
	 * One step on a minibatch.
	 *
	 * @param input {@code rows} corrupted samples, row after row
	 * @param target their clean versions (or the targets)
	 * @param mask 1 where a target value counts in the loss, 0 where not (as
	 *          DL4J's label mask), shaped as {@code target}; {@code null}: all count
	 * @return the loss per counted output value, summed over the batch's samples
	 */
	double step(float[] input, float[] target, float[] mask, int rows);

	/** {@link #step(float[], float[], float[], int)} where every value counts. */
	default double step(final float[] input, final float[] target, final int rows) {
		return step(input, target, null, rows);
	}

	/**
	 * {@link #step(float[], float[], float[], int)}, running {@code alongside} (which
	 * hands work to {@link #helper()} or starts its own) once the step's own
	 * use of the helper is queued, so that work done alongside waits for the
	 * step's share rather than the other way round.
	 */
	default double step(final float[] input, final float[] target, final float[] mask,
		final int rows, final Runnable alongside)
	{
		alongside.run();
		return step(input, target, mask, rows);
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

	/** Sets the learning rate of the steps that follow. */
	void rate(double rate);

	/** Copies parameters, optimiser state and iteration count into {@code net}. */
	void writeTo(Model net);

	@Override
	void close();
}
