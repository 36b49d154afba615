package autoencoderj.app;

import java.util.Random;
import java.util.function.BooleanSupplier;

import autoencoderj.convert.ImagePluses;
import autoencoderj.data.PatchSampler;
import autoencoderj.engine.LayerGraph;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.training.BatchSource;
import autoencoderj.engine.training.EpochListener;
import autoencoderj.engine.training.Trainer;
import autoencoderj.engine.training.TrainingHistory;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.Keys;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelMismatchException;
import autoencoderj.ops.Noise;
import autoencoderj.ops.Noises;
import autoencoderj.ops.NonFinite;
import autoencoderj.ops.Normalization;

import ij.ImagePlus;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a convolutional autoencoder on random patches of a stack or of one
 * large image; see {@link PatchSampler} for how validation is kept apart.
 */
public final class ConvTraining {

	/** Validation patches: enough for a steady estimate, few enough to be quick. */
	static final int VALIDATION_PATCHES = 128;

	private ConvTraining() {}

	/**
	 * @throws IllegalArgumentException with a message for the user when the
	 *           image or settings do not fit
	 */
	public static TrainingResult train(final ImagePlus imp, final TrainingSettings s,
		final EpochListener listener, final BooleanSupplier cancelled)
	{
		return train(imp, s, null, null, listener, cancelled);
	}

	/**
	 * @param init a convolutional model to continue training (its architecture,
	 *          normalisation and optimiser state are kept), or {@code null}
	 * @param initName how {@code init} is named in the manifest's history
	 */
	public static TrainingResult train(final ImagePlus imp, final TrainingSettings s,
		final AutoencoderModel init, final String initName, final EpochListener listener,
		final BooleanSupplier cancelled)
	{
		ImagePluses.checkSupported(imp);
		NonFinite.refuseInTraining(imp, "image");
		if (init != null && !init.convolutional()) throw new ModelMismatchException("The model " +
			initName + " is dense; continue it with architecture=dense.");
		final ConvSpec spec = init != null ? init.convSpec() : ConvSpec.forPatch(s.patch(), s.filters(),
			s.upsampling(), 1, 1, s.loss()).withSkips(s.skips());
		if (s.objective() == Manifest.Objective.BLIND_SPOT && spec.sigmoid())
			throw new ModelMismatchException("The model " + initName + " has a sigmoid output " +
				"(cross-entropy); blind-spot training needs a linear one: train a new model with loss=mse.");
		if (init != null && !spec.fits(s.patch())) throw new IllegalArgumentException("The model " +
			initName + " does not take " + s.patch() + "-pixel patches; use patch=" + spec.fittingSize(s
				.patch()) + ".");
		ModelFit.largeEnoughToTrain(spec, imp.getTitle(), imp.getWidth(), imp.getHeight());
		Nd4jRuntime.ensureReady();
		final Normalization norm = init != null ? init.normalization() : Normalization.percentiles(
			ImagePluses.wrap(imp), s.lowPercentile(), s.highPercentile());
		final PatchSampler sampler = new PatchSampler(imp, s.patch(), s.validation(), norm, spec
			.sigmoid(), s.seed());
		// blind spots learn from the images' own noise: none is added
		final Noise noise = s.objective() == Manifest.Objective.BLIND_SPOT ? Noises.none() : Noises
			.create(s.noise(), s.sigma(), s.photons(), spec.sigmoid());
		return fit(imp, spec, sampler, norm, noise, s, init, initName, listener, cancelled, m -> m);
	}


	/**
	 * Trains {@code spec}'s network, or continues {@code init}'s, on the
	 * sampler's patches; the manifest describes network and training, and the
	 * caller adds what is particular to its task.
	 */
	static TrainingResult fit(final ImagePlus imp, final ConvSpec spec, final PatchSampler sampler,
		final Normalization norm, final Noise noise, final TrainingSettings s,
		final AutoencoderModel init, final String initName, final EpochListener listener,
		final BooleanSupplier cancelled, final java.util.function.UnaryOperator<Manifest> finish)
	{
		final boolean blind = s.objective() == Manifest.Objective.BLIND_SPOT;
		final BlindSpotBatches blindSpots = blind ? new BlindSpotBatches(sampler, s.blindSpots(), s
			.batch(), s.steps(), s.patch(), spec.inChannels(), s.seed()) : null;
		final DataSet validation = blind ? blindSpots.validation(VALIDATION_PATCHES, s.seed() + 1)
			: validation(sampler, noise, s.seed() + 1);
		final Model net;
		if (init != null) {
			net = init.network();
			LayerGraph.of(net).setLearningRate(s.rate());
		}
		else net = spec.build(s.patch(), s.patch(), s.seed(), s.rate());
		final java.util.function.Function<TrainingHistory, Manifest> manifest = h -> {
			final Manifest m = Manifests.of(imp, norm, noise, s, h);
			m.architecture = Keys.of(Manifest.Architecture.CONVOLUTIONAL);
			m.filters = spec.filters();
			m.upsampling = spec.upsampling().key();
			m.patch = s.patch();
			m.validLastConv = spec.validLastConv();
			m.width = m.height = s.patch();
			m.channels = spec.inChannels();
			m.outChannels = spec.outChannels();
			m.loss = spec.loss().key();
			m.output = Keys.of(spec.sigmoid() ? Manifest.Output.SIGMOID : Manifest.Output.LINEAR);
			m.training.steps = s.steps();
			m.training.samples = s.steps() * s.batch();
			m.training.validationSamples = validation == null ? 0 : VALIDATION_PATCHES;
			m.skips = spec.skips();
			m.noise.objective = Keys.of(s.objective());
			m.noise.maskFraction = blind ? s.blindSpots().fraction(s.patch()) : 0;
			m.noise.structure = s.structure();
			m.training.split = sampler.split();
			History.record(m, init, initName);
			return finish.apply(m);
		};
		final BatchSource batches = blind ? blindSpots : new PatchBatches(sampler, noise, s.batch(), s
			.steps(), s.patch(), spec.inChannels(), spec.outChannels(), s.seed());
		final TrainingHistory history = Trainer.train(net, batches, validation, s.epochs(), s
			.rateSchedule(), Checkpoints.around(listener, net, manifest, s), cancelled);
		final Manifest m = manifest.apply(history);
		final AutoencoderModel model = new AutoencoderModel(net, m);
		if (blind) m.training.outputOffset = OutputOffset.remove(model, imp, cancelled);
		return new TrainingResult(model, history);
	}

	/** Validation pairs of the held-out region with noise drawn from {@code seed}, or {@code null}. */
	private static DataSet validation(final PatchSampler sampler, final Noise noise, final long seed) {
		final INDArray[] pairs = sampler.validationPairs(VALIDATION_PATCHES, new Random(seed));
		return pairs == null ? null : new DataSet(noise.apply(pairs[0], Nd4j.getRandomFactory()
			.getNewRandomInstance(seed)), pairs[1]);
	}

}
