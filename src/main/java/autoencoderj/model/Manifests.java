package autoencoderj.model;

import autoencoderj.ops.Noise;
import autoencoderj.ops.Normalization;

import ij.ImagePlus;

/** Fills the parts of a {@link Manifest} that every kind of training shares. */
final class Manifests {

	private Manifests() {}

	static Manifest of(final ImagePlus imp, final Normalization norm, final Noise noise,
		final TrainingSettings s, final TrainingHistory history)
	{
		final Manifest m = new Manifest();
		m.normalization.lowPercentile = norm.lowPercentile();
		m.normalization.highPercentile = norm.highPercentile();
		m.normalization.low = norm.low();
		m.normalization.high = norm.high();
		m.noise.type = noise.type();
		m.noise.sigma = noise.sigma();
		m.noise.photons = noise.photons();
		final Manifest.TrainingInfo t = m.training;
		t.data = imp.getTitle() + ": " + imp.getStackSize() + " slices of " + imp.getWidth() + "x" +
			imp.getHeight() + ", " + imp.getBitDepth() + "-bit";
		t.epochs = history.epochs();
		t.batch = s.batch();
		t.rate = s.rate();
		t.validation = s.validation();
		t.seed = s.seed();
		t.bestEpoch = history.bestEpoch();
		t.cancelled = history.cancelled();
		t.trainLoss.addAll(history.trainLoss());
		t.validationLoss.addAll(history.validationLoss());
		t.finalTrainLoss = history.lastTrainLoss();
		t.finalValidationLoss = history.bestValidationLoss();
		return m;
	}
}
