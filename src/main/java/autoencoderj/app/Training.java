package autoencoderj.app;

import java.util.function.BooleanSupplier;

import autoencoderj.engine.training.EpochListener;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ModelMismatchException;

import ij.ImagePlus;

/** Trains the architecture the settings name. */
public final class Training {

	private Training() {}

	/**
	 * @param listener may be {@code null}
	 * @param cancelled polled between minibatches
	 * @throws IllegalArgumentException with a message for the user when the
	 *           image or settings do not fit
	 * @param init a model to continue training, or {@code null} to start from
	 *          random weights; its architecture wins over the settings'
	 */
	public static TrainingResult train(final ImagePlus imp, final TrainingSettings settings,
		final AutoencoderModel init, final String initName, final EpochListener listener,
		final BooleanSupplier cancelled)
	{
		if (settings.volumes()) {
			if (init != null) throw new IllegalArgumentException("Continuing a model (init) is not yet " +
				"possible with dimensions=3d; train a new 3-D model.");
			return VolumeTraining.train(imp, settings, listener, cancelled);
		}
		if (init != null && init.volumes()) throw new ModelMismatchException("The model " + initName +
			" is a 3-D model; continue it with dimensions=3d.");
		final boolean dense = init != null ? !init.convolutional() : settings
			.architecture() == TrainingSettings.Architecture.DENSE;
		return dense ? DenseTraining.train(imp, settings, init, initName, listener, cancelled)
			: ConvTraining.train(imp, settings, init, initName, listener, cancelled);
	}
}
