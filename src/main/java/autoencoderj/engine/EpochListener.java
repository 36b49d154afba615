package autoencoderj.engine;

/** Hears about training progress; called on the training thread. */
public interface EpochListener {

	/** After each minibatch; {@code batch} counts from 1 within the epoch. */
	default void batchDone(final int epoch, final int batch, final int batches) {}

	/** After each epoch, with the history so far. */
	void epochDone(TrainingHistory history);
}
