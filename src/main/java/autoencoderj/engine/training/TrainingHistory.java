package autoencoderj.engine.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Losses per epoch, as mean loss per output value (per pixel), so that they
 * compare across image sizes and with other engines.
 */
public final class TrainingHistory {

	private final List<Double> train = new ArrayList<>();
	private final List<Double> validation = new ArrayList<>();
	private int bestEpoch;
	private boolean cancelled, keptLast;

	void add(final double trainLoss, final double validationLoss) {
		train.add(trainLoss);
		validation.add(validationLoss);
		if (bestEpoch == 0 || !(validationLoss >= validation.get(bestEpoch - 1))) bestEpoch = train
			.size();
	}

	void keepLast() {
		keptLast = true;
	}

	void cancel() {
		cancelled = true;
	}

	/** Epochs completed. */
	public int epochs() { return train.size(); }

	public List<Double> trainLoss() { return Collections.unmodifiableList(train); }

	/** NaN for epochs without a validation set. */
	public List<Double> validationLoss() { return Collections.unmodifiableList(validation); }

	/** The epoch (from 1) of the lowest validation loss, else the last. */
	public int bestEpoch() { return bestEpoch; }

	/** The epoch (from 1) whose weights were kept: {@link #bestEpoch()}, or the last one of a decayed schedule. */
	public int keptEpoch() { return keptLast ? train.size() : bestEpoch; }

	/** Whether the weights kept are the last epoch's, at the end of a decayed schedule. */
	public boolean keptLast() { return keptLast; }

	public boolean cancelled() { return cancelled; }

	public double lastTrainLoss() {
		return train.isEmpty() ? Double.NaN : train.get(train.size() - 1);
	}

	public double bestValidationLoss() {
		return bestEpoch == 0 ? Double.NaN : validation.get(bestEpoch - 1);
	}
}
