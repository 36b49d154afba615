package autoencoderj.app;

import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Manifest;

/** Records in a manifest which model a training run continued, and the epochs before it. */
final class History {

	private History() {}

	static void record(final Manifest m, final AutoencoderModel init, final String initName) {
		if (init == null) return;
		final Manifest.TrainingInfo before = init.manifest().training;
		m.training.startedFrom = Manifest.printable(initName);
		m.training.epochsBefore = before.epochsBefore + before.epochs;
		m.training.resumed = before.checkpoint;
	}
}
