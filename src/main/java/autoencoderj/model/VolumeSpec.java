package autoencoderj.model;

import java.util.Arrays;

import autoencoderj.engine.Nd4jRuntime;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * A 3-D convolutional autoencoder on volumes {@code [batch, channels, z, y, x]}:
 * the families of {@link ConvSpec} in 3-D. Each encoder block convolves
 * ({@code k x 3 x 3}, ReLU, with {@code k} from the {@link VolumePlan}) and
 * max-pools by 2 in y and x, and in z where the plan says; the decoder mirrors
 * it, upsampling by repetition or by a transposed convolution. Without skip
 * connections a block is one convolution (as {@link ConvSpec}'s chain); with
 * them, two, and the decoder concatenates the encoder's outputs (CSBDeep's
 * and Noise2Void's 3-D U-Net; computed as the sum of a convolution of each
 * part, which is the same function). A last convolution maps to the output
 * channels, linear (squared error) or sigmoid (cross-entropy).
 */
public final class VolumeSpec {

	private final int[] filters;
	private final ConvSpec.Upsampling upsampling;
	private final int inChannels, outChannels;
	private final DenseSpec.Loss loss;
	private final boolean skips;
	private final VolumePlan plan;

	/**
	 * @throws IllegalArgumentException if the filters or channels are past
	 *           {@link Limits}, or the plan has another number of blocks
	 */
	public VolumeSpec(final int[] filters, final ConvSpec.Upsampling upsampling,
		final int inChannels, final int outChannels, final DenseSpec.Loss loss, final boolean skips,
		final VolumePlan plan)
	{
		if (filters.length == 0) throw new IllegalArgumentException("Give at least one filter count.");
		Limits.checkFilters(filters);
		if (plan.blocks() != filters.length) throw new IllegalArgumentException("A plan of " + plan
			.blocks() + " blocks for " + filters.length + " filter counts");
		if (inChannels < 1 || outChannels < 1 || inChannels > Limits.MAX_CHANNELS ||
			outChannels > Limits.MAX_CHANNELS) throw new IllegalArgumentException("Volumes of " + Math.max(
				inChannels, outChannels) + " channels: a network here takes 1 to " + Limits.MAX_CHANNELS + ".");
		this.filters = filters.clone();
		this.upsampling = upsampling;
		this.inChannels = inChannels;
		this.outChannels = outChannels;
		this.loss = loss;
		this.skips = skips;
		this.plan = plan;
		final long n = Limits.volumeParameters(this);
		if (n > Limits.MAX_PARAMETERS) throw new IllegalArgumentException("That network would have " +
			n + " weights, more than the " + Limits.MAX_PARAMETERS + " a model here may have. Use fewer " +
			"filters.");
	}

	/** The spec a manifest of a volume model describes. */
	public static VolumeSpec of(final Manifest m) {
		return new VolumeSpec(m.filters, ConvSpec.Upsampling.parse(m.upsampling), m.channels, m
			.outChannels > 0 ? m.outChannels : m.channels, DenseSpec.Loss.parse(m.loss), m.skips, VolumePlan
				.of(m.poolZ, m.kernelZ));
	}

	public int[] filters() { return filters.clone(); }

	public int depth() { return filters.length; }

	public ConvSpec.Upsampling upsampling() { return upsampling; }

	public int inChannels() { return inChannels; }

	public int outChannels() { return outChannels; }

	public DenseSpec.Loss loss() { return loss; }

	public boolean skips() { return skips; }

	public VolumePlan plan() { return plan; }

	public boolean sigmoid() {
		return loss == DenseSpec.Loss.XENT;
	}

	/** Whether a volume of {@code z x side x side} voxels passes through the network. */
	public boolean fits(final int z, final int side) {
		final int unit = 1 << filters.length;
		return side >= unit && side % unit == 0 && z >= plan.zUnit() && z % plan.zUnit() == 0;
	}

	/**
	 * A new initialised network for patches of {@code z x y x x} voxels:
	 * Xavier weights from {@code seed}, Adam; a {@link MultiLayerNetwork}, or
	 * with skip connections a {@link ComputationGraph}.
	 */
	public Model build(final int z, final int y, final int x, final long seed,
		final double learningRate)
	{
		if (!fits(z, y) || !fits(z, x)) throw new IllegalArgumentException("Patches of " + z + "x" + y +
			"x" + x + " voxels do not pass through this network: x and y must be multiples of " + (1 <<
				filters.length) + ", z of " + plan.zUnit() + ".");
		Nd4jRuntime.ensureReady();
		if (!skips) return chain(z, y, x, seed, learningRate);
		final ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(
			seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Adam(learningRate))
			.convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("input");
		String last = "input";
		for (int b = 0; b < filters.length; b++) {
			last = convs(g, "encoder" + b, filters[b], plan.kernelZ(b), last);
			g.addLayer("pool" + b, pool(b), last);
			last = "pool" + b;
		}
		last = convs(g, "bottleneck", 2 * filters[filters.length - 1], plan.kernelZ(filters.length), last);
		for (int b = filters.length - 1; b >= 0; b--) {
			g.addLayer("up" + b, up(b, filters[b]), last);
			// the first decoder convolution of the concatenation [up, encoder] as the sum of one
			// convolution of each: the same function and weights, and DL4J's MergeVertex has no 5-D
			// backward pass
			final int k = plan.kernelZ(b);
			g.addLayer("decoder" + b + "up", conv(filters[b], k, 3, Activation.IDENTITY, false), "up" + b);
			g.addLayer("decoder" + b + "skip", conv(filters[b], k, 3, Activation.IDENTITY, true), "encoder" +
				b + "b");
			g.addVertex("skip" + b, new ElementWiseVertex(ElementWiseVertex.Op.Add), "decoder" + b + "up",
				"decoder" + b + "skip");
			g.addLayer("decoder" + b + "a", new ActivationLayer.Builder().activation(Activation.RELU)
				.build(), "skip" + b);
			g.addLayer("decoder" + b + "b", conv(filters[b], k, 3, Activation.RELU), "decoder" + b + "a");
			last = "decoder" + b + "b";
		}
		g.addLayer("output", conv(outChannels, 1, 1, Activation.IDENTITY), last);
		g.addLayer("loss", lossLayer(), "output");
		g.setOutputs("loss");
		g.setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, z, y, x, inChannels));
		final ComputationGraph net = new ComputationGraph(g.build());
		net.init();
		return net;
	}

	private MultiLayerNetwork chain(final int z, final int y, final int x, final long seed,
		final double learningRate)
	{
		final NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
			.dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Adam(learningRate))
			.convolutionMode(ConvolutionMode.Same).list();
		for (int i = 0; i < filters.length; i++) {
			b.layer(conv(filters[i], plan.kernelZ(i), 3, Activation.RELU));
			b.layer(pool(i));
		}
		for (int i = filters.length - 1; i >= 0; i--) {
			b.layer(conv(filters[i], plan.kernelZ(i + 1), 3, Activation.RELU));
			b.layer(up(i, filters[i]));
		}
		b.layer(conv(outChannels, plan.kernelZ(0), 3, Activation.IDENTITY));
		b.layer(lossLayer());
		b.setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, z, y, x, inChannels));
		final MultiLayerNetwork net = new MultiLayerNetwork(b.build());
		net.init();
		return net;
	}

	/** Two convolutions with ReLU, {@code name}a and {@code name}b; returns the second's name. */
	private static String convs(final ComputationGraphConfiguration.GraphBuilder g, final String name,
		final int filters, final int kernelZ, final String input)
	{
		g.addLayer(name + "a", conv(filters, kernelZ, 3, Activation.RELU), input);
		g.addLayer(name + "b", conv(filters, kernelZ, 3, Activation.RELU), name + "a");
		return name + "b";
	}

	private static Convolution3D conv(final int filters, final int kernelZ, final int kernelXY,
		final Activation activation)
	{
		return conv(filters, kernelZ, kernelXY, activation, true);
	}

	private static Convolution3D conv(final int filters, final int kernelZ, final int kernelXY,
		final Activation activation, final boolean bias)
	{
		return new Convolution3D.Builder().kernelSize(kernelZ, kernelXY, kernelXY).nOut(filters)
			.activation(activation).convolutionMode(ConvolutionMode.Same).dataFormat(
				Convolution3D.DataFormat.NCDHW).hasBias(bias).build();
	}

	private Subsampling3DLayer pool(final int block) {
		final int z = plan.poolsZ(block) ? 2 : 1;
		return new Subsampling3DLayer.Builder(Subsampling3DLayer.PoolingType.MAX, new int[] { z, 2, 2 }, new int[] { z, 2,
			2 }).convolutionMode(ConvolutionMode.Same).build();
	}

	private Layer up(final int block, final int filters) {
		final int z = plan.poolsZ(block) ? 2 : 1;
		return upsampling == ConvSpec.Upsampling.REPEAT ? new Upsampling3D.Builder().size(new int[] { z,
			2, 2 }).dataFormat(Convolution3D.DataFormat.NCDHW).build() : new Deconvolution3D.Builder()
				.nOut(filters).kernelSize(z, 2, 2).stride(z, 2, 2).activation(Activation.RELU)
				.convolutionMode(ConvolutionMode.Truncate).dataFormat(Convolution3D.DataFormat.NCDHW).build();
	}

	private Cnn3DLossLayer lossLayer() {
		return new Cnn3DLossLayer.Builder(Convolution3D.DataFormat.NCDHW).lossFunction(sigmoid()
			? LossFunction.XENT : LossFunction.MSE).activation(sigmoid() ? Activation.SIGMOID
				: Activation.IDENTITY).build();
	}

	/**
	 * Voxels of context a tile needs on each side, {z, xy}: the receptive
	 * field's radius (each convolution reaches (k - 1) / 2 units of its level,
	 * each pooling and upsampling one), rounded up to whole pooling units. In
	 * 2-D this gives {@link ConvSpec#margin}'s 16 and 28 for two blocks.
	 */
	public int[] margin() {
		final int perBlock = skips ? 2 : 1;
		int rz = 0, rxy = 0, uz = 1, uxy = 1;
		for (int level = 0; level <= filters.length; level++) {
			// encoder and decoder convolutions, or the bottleneck's
			final int convs = level == filters.length ? perBlock : 2 * perBlock;
			rz += convs * (plan.kernelZ(level) - 1) / 2 * uz;
			rxy += convs * uxy;
			if (level == filters.length) break;
			if (plan.poolsZ(level)) {
				rz += 2 * uz;
				uz *= 2;
			}
			rxy += 2 * uxy;
			uxy *= 2;
		}
		return new int[] { (rz + uz - 1) / uz * uz, (rxy + uxy - 1) / uxy * uxy };
	}

	/** E.g. {@code 3-D conv 16-32 repeat, skips, 1x3x3 pool xy | 3x3x3 pool xyz | 3x3x3}. */
	public String describe() {
		return "3-D conv " + Arrays.toString(filters).replaceAll("[\\[\\] ]", "").replace(',', '-') +
			" " + upsampling.key() + (skips ? ", skips" : "") + ", " + plan + ", " + inChannels + " -> " +
			outChannels + (outChannels == 1 ? " channel" : " channels") + (sigmoid() ? ", sigmoid"
				: ", linear");
	}
}
