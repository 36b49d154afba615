package autoencoderj.app;

import java.util.Random;
import java.util.function.BooleanSupplier;

import autoencoderj.convert.ImagePluses;
import autoencoderj.convert.Tensors;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.training.EpochListener;
import autoencoderj.engine.training.SampleBatches;
import autoencoderj.engine.training.Trainer;
import autoencoderj.engine.training.TrainingHistory;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.DenseAutoencoders;
import autoencoderj.model.DenseSpec;
import autoencoderj.model.Keys;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelMismatchException;
import autoencoderj.ops.Noise;
import autoencoderj.ops.Noises;
import autoencoderj.ops.NonFinite;
import autoencoderj.ops.Normalization;
import autoencoderj.ops.Permutations;

import ij.ImagePlus;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a dense autoencoder on the slices of a stack: each slice (each plane
 * of a hyperstack) is one sample.
 */
public final class DenseTraining {

	/** Above this many pixels per slice a dense network is impractically large. */
	public static final int MAX_PIXELS = 128 * 128;

	private DenseTraining() {}

	/**
	 * @param listener may be {@code null}
	 * @throws IllegalArgumentException with a message for the user when the
	 *           image cannot be trained on
	 */
	public static TrainingResult train(final ImagePlus imp, final TrainingSettings s,
		final EpochListener listener, final BooleanSupplier cancelled)
	{
		return train(imp, s, null, null, listener, cancelled);
	}

	/**
	 * @param init a dense model to continue training (its architecture,
	 *          normalisation and optimiser state are kept), or {@code null}
	 * @param initName how {@code init} is named in the manifest's history
	 */
	public static TrainingResult train(final ImagePlus imp, final TrainingSettings s,
		final AutoencoderModel init, final String initName, final EpochListener listener,
		final BooleanSupplier cancelled)
	{
		if (init != null) {
			if (init.convolutional()) throw new ModelMismatchException("The model " + initName +
				" is convolutional; continue it with architecture=convolutional.");
			ModelFit.check(init, initName, imp);
		}
		ImagePluses.checkSupported(imp);
		NonFinite.refuseInTraining(imp, "image");
		final int w = imp.getWidth(), h = imp.getHeight(), n = imp.getStackSize();
		if ((long) w * h > MAX_PIXELS) throw new IllegalArgumentException("'" + imp.getTitle() +
			"' has slices of " + w + "x" + h + " pixels; a dense autoencoder takes at most " +
			MAX_PIXELS + " pixels per slice (e.g. 128x128). Scale the stack down " +
			"(Image > Scale), or use architecture=convolutional, which learns from patches of images " +
			"of any size.");
		final int valCount = s.validation() > 0 ? Math.max(1, (int) Math.round(n * s.validation())) : 0;
		if (n - valCount < 1 || n < 2) throw new IllegalArgumentException("'" + imp.getTitle() +
			"' has " + n + " slice" + (n == 1 ? "" : "s") + "; training needs a stack of at least " +
			"2 slices (each slice is one example), and more than the validation fraction keeps " +
			"aside. Open a stack, e.g. File > Import > Image Sequence, or Open MNIST Sample.");
		Nd4jRuntime.ensureReady();

		final Img<? extends RealType<?>> img = ImagePluses.wrap(imp);
		final Normalization norm = init != null ? init.normalization() : Normalization.percentiles(img,
			s.lowPercentile(), s.highPercentile());
		final INDArray all = Normalization.clipToUnit(norm.normalize(Tensors.rows(img)));

		final int[] order = Permutations.of(n, new Random(s.seed()));
		final int[] valRows = java.util.Arrays.copyOfRange(order, 0, valCount);
		final int[] trainRows = java.util.Arrays.copyOfRange(order, valCount, n);
		final INDArray train = Nd4j.pullRows(all, 1, trainRows);
		final Noise noise = Noises.create(s.noise(), s.sigma(), s.photons(), true);
		DataSet validation = null;
		if (valCount > 0) {
			final INDArray val = Nd4j.pullRows(all, 1, valRows);
			validation = new DataSet(noise.apply(val, Nd4j.getRandomFactory()
				.getNewRandomInstance(s.seed() + 1)), val);
		}

		final DenseSpec spec = init != null ? new DenseSpec(w, h, init.manifest().hidden, DenseSpec.Loss
			.parse(init.manifest().loss)) : new DenseSpec(w, h, s.hidden(), s.loss());
		final MultiLayerNetwork net;
		if (init != null) {
			net = init.denseNetwork();
			net.setLearningRate(s.rate());
		}
		else net = DenseAutoencoders.build(spec, s.seed(), s.rate());
		final java.util.function.Function<TrainingHistory, Manifest> manifest = sofar -> {
			final Manifest m = manifest(imp, spec, norm, noise, s, sofar, trainRows.length, valCount);
			History.record(m, init, initName);
			return m;
		};
		final TrainingHistory history = Trainer.train(net, new SampleBatches(train, noise, s
			.batch(), s.seed()), validation, s.epochs(), s.rateSchedule(), Checkpoints.around(listener, net, manifest, s),
			cancelled);
		final Manifest m = manifest.apply(history);
		final INDArray codes = Codes.encodeRows(net, spec.hidden().length - 1, all);
		m.codeMin = codes.min(0).toDoubleVector();
		m.codeMax = codes.max(0).toDoubleVector();
		return new TrainingResult(new AutoencoderModel(net, m), history);
	}

	private static Manifest manifest(final ImagePlus imp, final DenseSpec spec,
		final Normalization norm, final Noise noise, final TrainingSettings s,
		final TrainingHistory history, final int samples, final int validationSamples)
	{
		final Manifest m = Manifests.of(imp, norm, noise, s, history);
		m.architecture = Keys.of(Manifest.Architecture.DENSE);
		m.hidden = spec.hidden();
		m.width = spec.width();
		m.height = spec.height();
		m.loss = spec.loss().key();
		m.training.samples = samples;
		m.training.validationSamples = validationSamples;
		m.training.split = validationSamples + " of " + (samples + validationSamples) +
			" slices held out for validation";
		return m;
	}
}
