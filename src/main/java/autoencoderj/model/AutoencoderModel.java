package autoencoderj.model;

import autoencoderj.engine.network.NativeForward;
import autoencoderj.ops.Normalization;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A trained network with the manifest that says how to feed it. */
public final class AutoencoderModel {

	private final Model network;
	private final Manifest manifest;

	/** @param network a {@link MultiLayerNetwork}, or a {@code ComputationGraph} (skip connections) */
	public AutoencoderModel(final Model network, final Manifest manifest) {
		this.network = network;
		this.manifest = manifest;
	}

	public Model network() { return network; }

	/** The network of a dense model, a chain of layers. */
	public MultiLayerNetwork denseNetwork() {
		if (convolutional()) throw new IllegalStateException("a convolutional model");
		return (MultiLayerNetwork) network;
	}

	public Manifest manifest() { return manifest; }

	public Normalization normalization() {
		final Manifest.NormalizationInfo n = manifest.normalization;
		return new Normalization(n.lowPercentile, n.highPercentile, n.low, n.high);
	}

	/**
	 * The network's output for normalised input, rows {@code [N, H*W]} (dense)
	 * or {@code [N, C, H, W]} (convolutional), in normalised units.
	 */
	public INDArray apply(final INDArray normalisedRows) {
		return convolutional() ? NativeForward.output(network, normalisedRows) : denseNetwork().output(
			normalisedRows, false);
	}

	/** Whether the model maps source channels to other target channels (not an autoencoder). */
	public boolean imageToImage() {
		return manifest.imageToImage();
	}

	/** Normalisation of each input channel. */
	public Normalization[] inputNormalizations() {
		return imageToImage() ? normalizations(manifest.inputNormalizations)
			: new Normalization[] { normalization() };
	}

	/** Normalisation of each output channel, inverted on output. */
	public Normalization[] outputNormalizations() {
		return imageToImage() ? normalizations(manifest.outputNormalizations)
			: new Normalization[] { normalization() };
	}

	private static Normalization[] normalizations(final Manifest.NormalizationInfo[] infos) {
		final Normalization[] norms = new Normalization[infos.length];
		for (int c = 0; c < infos.length; c++)
			norms[c] = new Normalization(infos[c].lowPercentile, infos[c].highPercentile, infos[c].low,
				infos[c].high);
		return norms;
	}

	public boolean convolutional() {
		return manifest.convolutional();
	}

	/** Whether the model takes volumes ({@code dimensions=3d}). */
	public boolean volumes() {
		return manifest.volumes();
	}

	/**
	 * The architecture of a 2-D convolutional model.
	 *
	 * @throws ModelMismatchException for a 3-D model, naming what takes one
	 */
	public ConvSpec convSpec() {
		if (volumes()) throw new ModelMismatchException("This is a 3-D model (it takes volumes); " +
			"this version applies 3-D models with Denoise Image, Denoise Folder, Predict Image, Show " +
			"Layer Outputs and Export to BioImage.IO only.");
		return ConvSpec.of(manifest);
	}

	/** The architecture of a 3-D model. */
	public VolumeSpec volumeSpec() {
		return VolumeSpec.of(manifest);
	}

	/** E.g. {@code dense 784-50-784} or {@code conv 16-32 repeat, 1 -> 1 channel, linear}. */
	public String describe() {
		if (volumes()) return volumeSpec().describe();
		if (convolutional()) return convSpec().describe();
		return manifest.architecture + " " + new DenseSpec(manifest.width, manifest.height,
			manifest.hidden, DenseSpec.Loss.parse(manifest.loss)).describe();
	}
}
