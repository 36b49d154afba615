package autoencoderj.app;

import autoencoderj.engine.training.TrainingHistory;
import autoencoderj.model.Keys;
import autoencoderj.model.Manifest;
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
		m.normalization = info(norm);
		m.noise.type = noise.type();
		m.noise.sigma = noise.sigma();
		m.noise.photons = noise.photons();
		final Manifest.TrainingInfo t = m.training;
		t.data = Manifest.printable(imp.getTitle() + ": " + imp.getStackSize() + " slices of " + imp
			.getWidth() + "x" + imp.getHeight() + ", " + imp.getBitDepth() + "-bit");
		t.epochs = history.epochs();
		t.batch = s.batch();
		t.rate = s.rate();
		t.validation = s.validation();
		t.seed = s.seed();
		t.bestEpoch = history.bestEpoch();
		t.keptEpoch = history.keptEpoch();
		t.schedule = Keys.of(s.schedule());
		t.cancelled = history.cancelled();
		t.trainLoss.addAll(history.trainLoss());
		t.validationLoss.addAll(history.validationLoss());
		t.finalTrainLoss = history.lastTrainLoss();
		t.finalValidationLoss = history.bestValidationLoss();
		return m;
	}

	static Manifest.NormalizationInfo info(final Normalization norm) {
		final Manifest.NormalizationInfo n = new Manifest.NormalizationInfo();
		n.lowPercentile = norm.lowPercentile();
		n.highPercentile = norm.highPercentile();
		n.low = norm.low();
		n.high = norm.high();
		return n;
	}

	static Manifest.NormalizationInfo[] infos(final Normalization[] norms) {
		final Manifest.NormalizationInfo[] infos = new Manifest.NormalizationInfo[norms.length];
		for (int c = 0; c < norms.length; c++)
			infos[c] = info(norms[c]);
		return infos;
	}

}
