package autoencoderj.app;

import autoencoderj.engine.training.TrainingHistory;
import autoencoderj.model.AutoencoderModel;

/** A trained model with its history. */
public final class TrainingResult {

	private final AutoencoderModel model;
	private final TrainingHistory history;

	TrainingResult(final AutoencoderModel model, final TrainingHistory history) {
		this.model = model;
		this.history = history;
	}

	public AutoencoderModel model() { return model; }

	public TrainingHistory history() { return history; }
}
