package autoencoderj.engine.training;

/** Hears about training progress; called on the training thread. */
public interface EpochListener {

	/** After each minibatch; {@code batch} counts from 1 within the epoch. */
	default void batchDone(final int epoch, final int batch, final int batches) {}

	/** After each epoch, with the history so far. */
	void epochDone(TrainingHistory history);

	/**
	 * After each epoch, with the network as it is then (its weights up to date,
	 * to look at, not to change); {@link #epochDone(TrainingHistory)} unless overridden.
	 */
	default void epochDone(final TrainingHistory history, final org.deeplearning4j.nn.api.Model net) {
		epochDone(history);
	}
}
