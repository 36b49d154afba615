package autoencoderj.model;

import java.util.Arrays;
import java.util.Locale;

import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.tiles.ConvGeometry;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * A convolutional autoencoder: {@code k} encoder blocks (3x3 convolution +
 * ReLU, then 2x2 max-pooling), then {@code k} decoder blocks in reverse
 * order (3x3 convolution + ReLU, then 2x2 upsampling by repetition or by a
 * learned transposed convolution), then a 3x3 convolution to the output
 * channels, sigmoid (binary cross-entropy) or linear (mean squared error).
 * <p>
 * Filters {@code 16 8 8} on 28x28 images is the convolutional autoencoder of
 * the Keras tutorial: pooling rounds up (7 to 4), so the decoder grows 4 to
 * 32, and its last convolution is "valid" (16 to 14) to come back to 28. In
 * general a size fits when it is a multiple of {@code 2^k} (every convolution
 * "same"), or, for a spec made for such a size, {@code 2^k * m - 4}.
 * </p>
 * <p>
 * With skip connections, the U-Net of CSBDeep and Noise2Void: each encoder
 * block is two 3x3 convolutions, its output kept for the decoder, then
 * pooling; a bottleneck of two convolutions with twice the last block's
 * filters; each decoder block upsamples, concatenates the matching encoder
 * output ([upsampled, encoder]) and applies two convolutions; a 1x1
 * convolution makes the output channels. A DL4J {@code ComputationGraph}.
 * </p>
 */
public final class ConvSpec implements ConvGeometry {

	/** How the decoder upsamples. */
	public enum Upsampling {
		/** Nearest-neighbour: each value repeated 2x2 ("unpooling without positions"). */
		REPEAT,
		/** A learned 2x2 transposed convolution with stride 2 (DL4J {@code Deconvolution2D}). */
		DECONVOLUTION;

		public static Upsampling parse(final String name) {
			return Keys.parse(Upsampling.class, name, "upsampling");
		}

		public String key() {
			return Keys.of(this);
		}
	}

	private final int[] filters;
	private final Upsampling upsampling;
	private final int inChannels, outChannels;
	private final DenseSpec.Loss loss;
	private final boolean validLastConv, skips;

	public ConvSpec(final int[] filters, final Upsampling upsampling, final int inChannels,
		final int outChannels, final DenseSpec.Loss loss, final boolean validLastConv)
	{
		this(filters, upsampling, inChannels, outChannels, loss, validLastConv, false);
	}

	private ConvSpec(final int[] filters, final Upsampling upsampling, final int inChannels,
		final int outChannels, final DenseSpec.Loss loss, final boolean validLastConv,
		final boolean skips)
	{
		if (filters.length == 0 || filters.length > 6) throw new IllegalArgumentException(
			"Give 1 to 6 filter counts, one per encoder block, e.g. 16 8 8; got " + filters.length + ".");
		for (final int f : filters)
			if (f < 1) throw new IllegalArgumentException("Filter counts must be at least 1, got " +
				Arrays.toString(filters));
		this.filters = filters.clone();
		this.upsampling = upsampling;
		this.inChannels = inChannels;
		this.outChannels = outChannels;
		this.loss = loss;
		this.validLastConv = validLastConv;
		this.skips = skips;
		if (skips && validLastConv) throw new IllegalArgumentException(
			"Skip connections need patches whose size is a multiple of " + (1 << filters.length) + ".");
		Limits.checkConv(this);
	}

	/** This spec with skip connections from each encoder block to its decoder block, or without. */
	public ConvSpec withSkips(final boolean with) {
		return new ConvSpec(filters, upsampling, inChannels, outChannels, loss, validLastConv, with);
	}

	/** The spec a manifest describes. */
	public static ConvSpec of(final Manifest m) {
		return new ConvSpec(m.filters, Upsampling.parse(m.upsampling), m.channels, m.outChannels > 0
			? m.outChannels : m.channels, DenseSpec.Loss.parse(m.loss), m.validLastConv, m.skips);
	}

	/**
	 * A spec for training on {@code size x size} patches.
	 *
	 * @throws IllegalArgumentException if the size cannot pass through the network
	 */
	/** Parses filter counts per block written as in the {@code filters} parameter, e.g. {@code 16 32}. */
	public static int[] parseFilters(final String text) {
		return DenseSpec.parseSizes(text, "Filter counts", "16 32 or 16 8 8");
	}

	public static ConvSpec forPatch(final int size, final int[] filters, final Upsampling upsampling,
		final int inChannels, final int outChannels, final DenseSpec.Loss loss)
	{
		final int unit = 1 << filters.length;
		if (size >= unit && size % unit == 0) return new ConvSpec(filters, upsampling, inChannels,
			outChannels, loss, false);
		if (size > 4 && (size + 4) % unit == 0 && size + 4 >= 2 * unit) return new ConvSpec(filters,
			upsampling, inChannels, outChannels, loss, true);
		throw new IllegalArgumentException("A convolutional network with " + filters.length +
			" pooling steps needs patches whose size is a multiple of " + unit + " (e.g. " + Math.max(
				unit, 64 / unit * unit) + "); " + size + " is not.");
	}

	/** Whether the network maps a {@code size}-pixel axis back to {@code size} pixels. */
	@Override
	public boolean fits(final int size) {
		final int unit = 1 << filters.length;
		return validLastConv ? size > 4 && (size + 4) % unit == 0 && size + 4 >= 2 * unit : size >=
			unit && size % unit == 0;
	}

	/** The largest size at most {@code max} that {@link #fits}, or the smallest that fits. */
	@Override
	public int fittingSize(final int max) {
		for (int s = max; s >= 1; s--)
			if (fits(s)) return s;
		return minimumSize();
	}

	/** The smallest image side the network takes. */
	public int minimumSize() {
		return fittingSizeFrom(1);
	}

	/** The smallest size at least {@code min} that {@link #fits}. */
	public int fittingSizeFrom(final int min) {
		for (int s = Math.max(1, min);; s++)
			if (fits(s)) return s;
	}

	/**
	 * A new initialised network: Xavier weights from {@code seed}, Adam; a
	 * {@link MultiLayerNetwork}, or with skip connections a {@link ComputationGraph}.
	 */
	public Model build(final int height, final int width, final long seed,
		final double learningRate)
	{
		return skips ? graph(height, width, seed, learningRate) : chain(height, width, seed,
			learningRate);
	}

	private ComputationGraph graph(final int height, final int width, final long seed,
		final double learningRate)
	{
		Nd4jRuntime.ensureReady();
		final ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(
			seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Adam(learningRate))
			.convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("input");
		String last = "input";
		for (int i = 0; i < filters.length; i++) {
			last = twoConvs(g, "encoder" + i, filters[i], last);
			g.addLayer("pool" + i, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
				.kernelSize(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Same).build(), last);
			last = "pool" + i;
		}
		last = twoConvs(g, "bottleneck", 2 * filters[filters.length - 1], last);
		for (int i = filters.length - 1; i >= 0; i--) {
			g.addLayer("up" + i, upsampling == Upsampling.REPEAT ? new Upsampling2D.Builder(2).build()
				: new Deconvolution2D.Builder().nOut(filters[i]).kernelSize(2, 2).stride(2, 2).activation(
					Activation.RELU).convolutionMode(ConvolutionMode.Truncate).build(), last);
			g.addVertex("skip" + i, new MergeVertex(), "up" + i, "encoder" + i + "b");
			last = twoConvs(g, "decoder" + i, filters[i], "skip" + i);
		}
		g.addLayer("output", new ConvolutionLayer.Builder(1, 1).nOut(outChannels).activation(
			Activation.IDENTITY).build(), last);
		g.addLayer("loss", lossLayer(), "output");
		g.setOutputs("loss");
		g.setInputTypes(InputType.convolutional(height, width, inChannels));
		final ComputationGraph net = new ComputationGraph(g.build());
		net.init();
		return net;
	}

	/** Two 3x3 convolutions with ReLU, {@code name}a and {@code name}b; returns the second's name. */
	private static String twoConvs(final ComputationGraphConfiguration.GraphBuilder g,
		final String name, final int filters, final String input)
	{
		g.addLayer(name + "a", conv(filters, Activation.RELU, ConvolutionMode.Same), input);
		g.addLayer(name + "b", conv(filters, Activation.RELU, ConvolutionMode.Same), name + "a");
		return name + "b";
	}

	private CnnLossLayer lossLayer() {
		return new CnnLossLayer.Builder(loss == DenseSpec.Loss.XENT ? LossFunction.XENT
			: LossFunction.MSE).activation(sigmoid() ? Activation.SIGMOID : Activation.IDENTITY).build();
	}

	/** {@link #build} of a spec without skip connections. */
	public MultiLayerNetwork chain(final int height, final int width, final long seed,
		final double learningRate)
	{
		if (skips) throw new IllegalStateException("a network with skip connections is a graph");
		Nd4jRuntime.ensureReady();
		final NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
			.dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Adam(learningRate))
			.convolutionMode(ConvolutionMode.Same).list();
		for (final int f : filters) {
			b.layer(conv(f, Activation.RELU, ConvolutionMode.Same));
			b.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
				.stride(2, 2).convolutionMode(ConvolutionMode.Same).build());
		}
		for (int i = filters.length - 1; i >= 0; i--) {
			final boolean valid = validLastConv && i == 0;
			b.layer(conv(filters[i], Activation.RELU, valid ? ConvolutionMode.Truncate
				: ConvolutionMode.Same));
			b.layer(upsampling == Upsampling.REPEAT ? new Upsampling2D.Builder(2).build()
				: new Deconvolution2D.Builder().nOut(filters[i]).kernelSize(2, 2).stride(2, 2)
					.activation(Activation.RELU).convolutionMode(ConvolutionMode.Truncate).build());
		}
		b.layer(conv(outChannels, Activation.IDENTITY, ConvolutionMode.Same));
		b.layer(lossLayer());
		b.setInputType(InputType.convolutional(height, width, inChannels));
		final MultiLayerNetwork net = new MultiLayerNetwork(b.build());
		net.init();
		return net;
	}

	private static ConvolutionLayer conv(final int filters, final Activation activation,
		final ConvolutionMode mode)
	{
		return new ConvolutionLayer.Builder(3, 3).nOut(filters).activation(activation)
			.convolutionMode(mode).build();
	}

	/** Sigmoid output for binary cross-entropy, linear output for squared error. */
	public boolean sigmoid() {
		return loss == DenseSpec.Loss.XENT;
	}

	public int[] filters() { return filters.clone(); }

	@Override
	public int depth() { return filters.length; }

	public Upsampling upsampling() { return upsampling; }

	public int inChannels() { return inChannels; }

	public int outChannels() { return outChannels; }

	public DenseSpec.Loss loss() { return loss; }

	@Override
	public boolean validLastConv() { return validLastConv; }

	public boolean skips() { return skips; }

	/**
	 * With skip connections, the receptive field's radius rounded up to a
	 * multiple of {@code 2^depth}: per level above the bottleneck four 3x3
	 * convolutions, the pooling and the upsampling, each at that level's
	 * scale, and the bottleneck's two.
	 */
	@Override
	public int margin() {
		if (!skips) return ConvGeometry.super.margin();
		final int unit = 1 << filters.length;
		final int radius = 6 * (unit - 1) + 2 * unit;
		return (radius + unit - 1) / unit * unit;
	}

	/** E.g. {@code conv 16-8-8 repeat, 1 -> 1 channel, sigmoid}. */
	public String describe() {
		final StringBuilder sb = new StringBuilder("conv ");
		for (int i = 0; i < filters.length; i++)
			sb.append(i == 0 ? "" : "-").append(filters[i]);
		return sb.append(' ').append(upsampling.key()).append(skips ? " with skips" : "").append(", ").append(inChannels).append(
			" -> ").append(outChannels).append(outChannels == 1 ? " channel, " : " channels, ").append(
				Keys.of(sigmoid() ? Manifest.Output.SIGMOID : Manifest.Output.LINEAR)).toString();
	}
}
