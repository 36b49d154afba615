package autoencoderj.engine;

import java.util.List;

import org.nd4j.linalg.dataset.DataSet;

/**
 * The training pairs of one epoch at a time: corrupted input and clean target,
 * in minibatches. Implementations are seeded: epoch {@code e} of two sources
 * built with the same seed yields the same batches.
 */
public interface BatchSource {

	/** The minibatches of the next epoch. */
	List<DataSet> nextEpoch();

	/** Number of output values per sample, to report loss per value. */
	long valuesPerSample();

	/**
	 * Number of values per row of DL4J's loss: all of them for a dense output,
	 * the channels for a convolutional one, whose loss DL4J computes per pixel.
	 * DL4J divides squared error, but not cross-entropy, by it.
	 */
	long lossColumns();
}
