package autoencoderj.model;

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

	/** Copies parameters, optimiser state and iteration count into {@code net}. */
	void writeTo(MultiLayerNetwork net);

	@Override
	void close();
}
