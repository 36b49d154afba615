package autoencoderj.app;

import autoencoderj.data.MnistStacks;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;
import autoencoderj.model.Manifest;

import ij.ImagePlus;

/** Small models trained once per test JVM on slices of the bundled sample. */
public final class TrainedModels {

	private static TrainingResult denoiser;
	private static ImagePlus sample;

	private TrainedModels() {}

	public static synchronized ImagePlus sample() {
		if (sample == null) sample = MnistStacks.openSample();
		return sample;
	}

	/** Slices {@code from} (0-based) to {@code from + count} of the sample, labels kept. */
	public static ImagePlus slices(final int from, final int count) {
		final ImagePlus s = sample();
		return new ImagePlus("MNIST " + from + "-" + (from + count), s.getStack().crop(0, 0, from, s
			.getWidth(), s.getHeight(), count));
	}

	/** A classifier as Pretraining builds it, to read parameters by layer. */
	public static org.deeplearning4j.nn.multilayer.MultiLayerNetwork probeClassifier(final int inputs,
		final int[] hidden, final int classes, final long seed)
	{
		return Pretraining.classifier(inputs, hidden, classes, seed);
	}

	/**
	 * An untrained convolutional model (one block of 4 filters, 16-pixel
	 * patches, squared error, seed 3) whose normalisation maps 0..{@code high}
	 * to 0..1: outputs that are arbitrary but the network's.
	 */
	public static AutoencoderModel untrainedConvolutional(final double high) {
		final ConvSpec spec = ConvSpec.forPatch(16, new int[] { 4 }, ConvSpec.Upsampling.REPEAT, 1, 1,
			DenseSpec.Loss.MSE);
		final Manifest m = new Manifest();
		m.architecture = "convolutional";
		m.filters = spec.filters();
		m.upsampling = "repeat";
		m.patch = m.width = m.height = 16;
		m.loss = "mse";
		m.output = "linear";
		m.normalization.high = high;
		m.training.rate = 1e-3;
		return new AutoencoderModel(spec.build(16, 16, 3, 1e-3), m);
	}

	/** 784-50-784 denoising model trained on the first 1,500 digits, seed 42. */
	public static synchronized TrainingResult denoiser() {
		if (denoiser == null) denoiser = DenseTraining.train(slices(0, 1500), TrainingSettings
			.builder().hidden(50).noise("gaussian", 0.5).epochs(15).batch(64).rate(2e-3).validation(
				0.1).seed(42).build(), null, () -> false);
		return denoiser;
	}
}
