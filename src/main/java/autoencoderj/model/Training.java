package autoencoderj.model;

import java.util.function.BooleanSupplier;

import ij.ImagePlus;

/** Trains the architecture the settings name. */
public final class Training {

	private Training() {}

	/**
	 * @param listener may be {@code null}
	 * @param cancelled polled between minibatches
	 * @throws IllegalArgumentException with a message for the user when the
	 *           image or settings do not fit
	 */
	public static TrainingResult train(final ImagePlus imp, final TrainingSettings settings,
		final EpochListener listener, final BooleanSupplier cancelled)
	{
		return settings.architecture() == TrainingSettings.Architecture.DENSE ? DenseTraining.train(imp,
			settings, listener, cancelled) : ConvTraining.train(imp, settings, listener, cancelled);
	}
}
