package autoencoderj.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import autoencoderj.engine.LayerGraph;
import autoencoderj.model.Versions;
import autoencoderj.ops.Normalization;

import onnx.Onnx;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.Upsampling3D;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Writes a network as an ONNX model from its own weights: one ONNX operator
 * per layer or vertex (Conv, ConvTranspose, MaxPool, Resize, Concat, Add,
 * Gemm, Relu, Sigmoid; Slice and Concat mirror a convolutional network's
 * input), 2-D or 3-D, input {@code input} and output {@code output}, NCHW
 * or NCDHW float32. The
 * ONNX schema's Java classes come with ND4J (generated from ONNX's published
 * {@code onnx.proto}, on ND4J's shaded protobuf), so writing needs no
 * further library and cannot clash with another protobuf in Fiji.
 */
public final class OnnxWriter {

	/** ONNX operator set written: understood by ONNX Runtime 1.8 and later. */
	public static final int OPSET = 13;
	/** ONNX IR version of opset 13's release. */
	private static final long IR_VERSION = 7;

	private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName("autoencoderj");
	private int count;

	private OnnxWriter() {}

	/**
	 * A fully convolutional network: input {@code [batch, channels, y, x]},
	 * or {@code [batch, channels, z, y, x]} for a 3-D one, of any size the
	 * network takes, at least its halo on each axis. The input is first
	 * mirrored by the halo on each side of each axis (the edge repeated, see
	 * {@code Tiling.reflect}) and the output cropped by as much, so that the
	 * network gives Denoise Image's values at the borders too, whoever runs
	 * it: on the bare test input (bioimageio.core) or on tiles a tiler has
	 * itself mirrored (deepImageJ).
	 *
	 * @param axes the space axes; each halo a multiple of the network's
	 *          pooling factor on its axis, at least its receptive field's
	 *          radius (its margin)
	 * @param in the input channels' normalisation, applied in the graph, or
	 *          {@code null} where the description applies it
	 * @param out the output channels' normalisation, inverted in the graph, or {@code null}
	 */
	static byte[] convolutional(final Model net, final int inChannels, final int outChannels,
		final SpaceAxes axes, final Normalization[] in, final Normalization[] out)
	{
		final OnnxWriter w = new OnnxWriter();
		final int space = axes.ids.length;
		String x = in == null ? "input" : w.affine("input", in, true, space);
		for (int a = 0; a < space; a++)
			x = w.mirror(x, 2 + a, axes.halo[a]);
		final String y = w.crop(w.layers(LayerGraph.of(net), x), axes.halo);
		final String result = out == null ? y : w.affine(y, out, false, space);
		final Object[] inShape = new Object[2 + space], outShape = new Object[2 + space];
		inShape[0] = outShape[0] = "batch";
		inShape[1] = inChannels;
		outShape[1] = outChannels;
		for (int a = 0; a < space; a++)
			inShape[2 + a] = outShape[2 + a] = axes.ids[a];
		w.finish(result, inShape, outShape);
		return w.model();
	}

	/**
	 * A dense network on {@code height x width} one-channel images: the image
	 * is flattened in raster order, as the network was trained.
	 */
	public static byte[] dense(final Model net, final int height, final int width) {
		final OnnxWriter w = new OnnxWriter();
		final String rows = w.reshape("input", -1, (long) height * width);
		final String out = w.reshape(w.layers(LayerGraph.of(net), rows), -1, 1, height, width);
		final Object[] shape = { "batch", 1, height, width };
		w.finish(out, shape, shape);
		return w.model();
	}

	private String layers(final LayerGraph g, final String input) {
		final List<String> values = new ArrayList<>();
		values.add(input);
		for (final LayerGraph.Node node : g.nodes()) {
			final int[] from = node.inputs();
			final String[] in = new String[from.length];
			for (int i = 0; i < in.length; i++)
				in[i] = values.get(from[i]);
			values.add(node.merge() ? op("Concat", in, a -> a.add(OnnxProtos.attr("axis", 1)))
				: node.sum() ? op("Add", in, a -> {}) : layer(node, in[0]));
		}
		return values.get(values.size() - 1);
	}

	private String layer(final LayerGraph.Node node, final String x) {
		final Layer conf = node.conf();
		final String y;
		if (conf instanceof Deconvolution2D || conf instanceof Deconvolution3D) y = transposedConv(
			(ConvolutionLayer) conf, node.layer(), x);
		else if (conf instanceof ConvolutionLayer) y = conv((ConvolutionLayer) conf, node.layer(), x);
		else if (conf instanceof SubsamplingLayer) y = maxPool((SubsamplingLayer) conf, x);
		else if (conf instanceof Subsampling3DLayer) y = maxPool((Subsampling3DLayer) conf, x);
		else if (conf instanceof Upsampling2D) y = upsample(conf, ((Upsampling2D) conf).getSize(), x);
		else if (conf instanceof Upsampling3D) y = upsample(conf, ((Upsampling3D) conf).getSize(), x);
		else if (conf instanceof DenseLayer || conf instanceof OutputLayer) y = op("Gemm", withParams(x,
			node.layer()), a -> {});
		else if (conf instanceof CnnLossLayer || conf instanceof Cnn3DLossLayer ||
			conf instanceof ActivationLayer) y = x;
		else throw unsupported(conf, "this kind of layer");
		if (conf instanceof ActivationLayer) return activation(((ActivationLayer) conf).getActivationFn(),
			conf, y);
		return conf instanceof BaseLayer ? activation(((BaseLayer) conf).getActivationFn(), conf, y) : y;
	}

	private String maxPool(final Subsampling3DLayer c, final String x) {
		final int[] k = c.getKernelSize(), s = c.getStride();
		if (c.getPoolingType() != PoolingType.MAX || !Arrays.equals(k, s) || !zeros(c.getPadding()))
			throw unsupported(c,
				"pooling other than max over whole windows");
		return op("MaxPool", new String[] { x }, a -> {
			a.add(OnnxProtos.ints("kernel_shape", k));
			a.add(OnnxProtos.ints("strides", s));
		});
	}

	private static boolean ones(final int[] values) {
		for (final int v : values)
			if (v != 1) return false;
		return true;
	}

	/**
	 * A 2-D or 3-D convolution: DL4J's weights are {@code [out, in, kH, kW]}
	 * or {@code [out, in, kD, kH, kW]}, as ONNX's. A 3-D one (the U-Net's
	 * summed skips) may have no bias.
	 */
	private String conv(final ConvolutionLayer c, final org.deeplearning4j.nn.api.Layer layer,
		final String x)
	{
		final boolean volume = c instanceof Convolution3D;
		final int[] k = c.getKernelSize(), s = c.getStride(), d = c.getDilation();
		if (!channelsFirst(c) || !ones(s) || !ones(d) || !volume && !c.hasBias() || volume && c
			.getConvolutionMode() != ConvolutionMode.Same) throw unsupported(c,
				"strides, dilations, no bias or padding other than 'same'");
		final int[] begin;
		if (c.getConvolutionMode() == ConvolutionMode.Same) {
			begin = new int[k.length];
			for (int a = 0; a < k.length; a++) {
				if (k[a] % 2 == 0) throw unsupported(c, "an even kernel with 'same' padding");
				begin[a] = k[a] / 2;
			}
		}
		else begin = c.getPadding();
		// ONNX's pads: the beginnings of every axis, then their ends
		final int[] pads = new int[2 * begin.length];
		for (int a = 0; a < begin.length; a++)
			pads[a] = pads[begin.length + a] = begin[a];
		return op("Conv", withParams(x, layer), a -> {
				a.add(OnnxProtos.ints("kernel_shape", k));
				a.add(OnnxProtos.ints("pads", pads));
				a.add(OnnxProtos.ints("strides", s));
			});
	}

	/** A 2-D or 3-D transposed convolution, its weights in ONNX's layout ({@link #portableWeights}). */
	private String transposedConv(final ConvolutionLayer c, final org.deeplearning4j.nn.api.Layer layer,
		final String x)
	{
		final int[] k = c.getKernelSize(), s = c.getStride(), p = c.getPadding();
		if (!channelsFirst(c) || c.getConvolutionMode() == ConvolutionMode.Same || !zeros(p) || !c
			.hasBias()) throw unsupported(c, "padding or no bias");
		return op("ConvTranspose", new String[] { x, weights(portableWeights(c, layer.getParam("W")), "W"),
			weights(layer.getParam("b").reshape(-1), "b") }, a -> {
				a.add(OnnxProtos.ints("kernel_shape", k));
				a.add(OnnxProtos.ints("strides", s));
			});
	}

	/**
	 * A layer's weights in the layout ONNX and PyTorch share: DL4J's 3-D
	 * transposed convolution keeps {@code [kD, kH, kW, out, in]}, theirs is
	 * {@code [in, out, kD, kH, kW]}; every other layer's are as they are.
	 */
	static INDArray portableWeights(final Layer conf, final INDArray w) {
		return conf instanceof Deconvolution3D ? w.permute(4, 3, 0, 1, 2) : w;
	}

	private static boolean channelsFirst(final ConvolutionLayer c) {
		if (c instanceof Convolution3D) return ((Convolution3D) c).getDataFormat() ==
			Convolution3D.DataFormat.NCDHW;
		if (c instanceof Deconvolution3D) return ((Deconvolution3D) c).getDataFormat() ==
			Convolution3D.DataFormat.NCDHW;
		return c.getCnn2dDataFormat() == CNN2DFormat.NCHW;
	}

	private static boolean zeros(final int[] values) {
		for (final int v : values)
			if (v != 0) return false;
		return true;
	}

	private String maxPool(final SubsamplingLayer c, final String x) {
		final int[] k = c.getKernelSize(), s = c.getStride();
		// the sizes a network takes are multiples of 2^depth, so 'same' pooling never pads
		if (c.getPoolingType() != PoolingType.MAX || c.getPadding()[0] != 0 || c.getPadding()[1] != 0 ||
			k[0] != s[0] || k[1] != s[1]) throw unsupported(c, "pooling other than max over whole windows");
		return op("MaxPool", new String[] { x }, a -> {
			a.add(OnnxProtos.ints("kernel_shape", k));
			a.add(OnnxProtos.ints("strides", s));
		});
	}

	/** Nearest neighbour: output pixel {@code i} reads input pixel {@code floor(i / size)} on each axis. */
	private String upsample(final Layer c, final int[] size, final String x) {
		final float[] factors = new float[2 + size.length];
		factors[0] = factors[1] = 1;
		for (int a = 0; a < size.length; a++)
			factors[2 + a] = size[a];
		final String scales = constant("scales", factors, factors.length);
		return op("Resize", new String[] { x, "", scales }, a -> {
			a.add(OnnxProtos.text("mode", "nearest"));
			a.add(OnnxProtos.text("coordinate_transformation_mode", "asymmetric"));
			a.add(OnnxProtos.text("nearest_mode", "floor"));
		});
	}

	private String activation(final IActivation fn, final Layer conf, final String x) {
		if (fn == null || fn instanceof ActivationIdentity) return x;
		if (fn instanceof ActivationReLU) return op("Relu", new String[] { x }, a -> {});
		if (fn instanceof ActivationSigmoid) return op("Sigmoid", new String[] { x }, a -> {});
		throw unsupported(conf, "the activation " + fn);
	}

	private String reshape(final String x, final long... shape) {
		return op("Reshape", new String[] { x, int64s("shape", shape) }, a -> {});
	}

	/**
	 * {@code x} with {@code m} slices mirrored onto each end of {@code axis}:
	 * slices {@code m-1 .. 0} before, {@code n-1 .. n-m} after.
	 */
	private String mirror(final String x, final int axis, final int m) {
		final String before = slice(x, axis, m - 1, Long.MIN_VALUE, -1);
		final String after = slice(x, axis, -1, -m - 1, -1);
		return op("Concat", new String[] { before, x, after }, a -> a.add(OnnxProtos.attr("axis", axis)));
	}

	/**
	 * Per channel, {@code (x - low) / (high - low)} ({@code forward}) or its
	 * inverse, as a Mul and an Add broadcast over {@code [1, C, 1, 1]} (one 1
	 * per space axis).
	 */
	private String affine(final String x, final Normalization[] norms, final boolean forward,
		final int space)
	{
		final double[][] linear = Description.linear(norms, forward);
		final float[] gain = new float[norms.length], offset = new float[norms.length];
		for (int c = 0; c < norms.length; c++) {
			gain[c] = (float) linear[0][c];
			offset[c] = (float) linear[1][c];
		}
		final long[] shape = new long[2 + space];
		Arrays.fill(shape, 1);
		shape[1] = norms.length;
		final String scaled = op("Mul", new String[] { x, constant("gain", gain, shape) }, a -> {});
		return op("Add", new String[] { scaled, constant("offset", offset, shape) }, a -> {});
	}

	/** {@code x} without {@code m[a]} pixels on each side of space axis {@code a}. */
	private String crop(final String x, final int[] m) {
		final long[] starts = new long[m.length], ends = new long[m.length], axes = new long[m.length];
		for (int a = 0; a < m.length; a++) {
			starts[a] = m[a];
			ends[a] = -m[a];
			axes[a] = 2 + a;
		}
		return op("Slice", new String[] { x, int64s("starts", starts), int64s("ends", ends), int64s(
			"axes", axes) }, a -> {});
	}

	private String slice(final String x, final int axis, final long start, final long end,
		final long step)
	{
		return op("Slice", new String[] { x, int64s("starts", start), int64s("ends", end), int64s(
			"axes", axis), int64s("steps", step) }, a -> {});
	}

	private String int64s(final String kind, final long... values) {
		final Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name(kind))
			.setDataType(Onnx.TensorProto.DataType.INT64_VALUE).addDims(values.length);
		for (final long v : values)
			t.addInt64Data(v);
		graph.addInitializer(t);
		return t.getName();
	}

	private void finish(final String last, final Object[] inShape, final Object[] outShape) {
		op("Identity", new String[] { last }, a -> {}, "output");
		graph.addInput(OnnxProtos.value("input", inShape));
		graph.addOutput(OnnxProtos.value("output", outShape));
	}

	private byte[] model() {
		return Onnx.ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("AutoencoderJ")
			.setProducerVersion(Versions.PLUGIN).addOpsetImport(Onnx.OperatorSetIdProto.newBuilder()
				.setDomain("").setVersion(OPSET)).setGraph(graph).build().toByteArray();
	}

	private interface Attributes {

		void fill(List<Onnx.AttributeProto> a);
	}

	private String op(final String type, final String[] inputs, final Attributes attributes) {
		return op(type, inputs, attributes, name(type.toLowerCase(java.util.Locale.ROOT)));
	}

	private String op(final String type, final String[] inputs, final Attributes attributes,
		final String output)
	{
		final List<Onnx.AttributeProto> a = new ArrayList<>();
		attributes.fill(a);
		final Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(type).setName(output)
			.addOutput(output).addAllAttribute(a);
		for (final String in : inputs)
			n.addInput(in);
		graph.addNode(n);
		return output;
	}

	/** An operator's inputs: {@code x}, then the layer's weights and its biases as a vector, if it has them. */
	private String[] withParams(final String x, final org.deeplearning4j.nn.api.Layer layer) {
		final String w = weights(layer.getParam("W"), "W");
		final INDArray b = layer.getParam("b");
		return b == null ? new String[] { x, w } : new String[] { x, w, weights(b.reshape(-1), "b") };
	}

	private String weights(final INDArray w, final String kind) {
		final INDArray c = w.castTo(DataType.FLOAT).dup('c');
		final float[] values = c.data().asFloat();
		final long[] shape = c.shape();
		return constant(kind, values, shape);
	}

	private String constant(final String kind, final float[] values, final long... shape) {
		final ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		raw.asFloatBuffer().put(values);
		final Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name(kind))
			.setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(raw
				.array()));
		for (final long d : shape)
			t.addDims(d);
		graph.addInitializer(t);
		return t.getName();
	}

	private String name(final String kind) {
		return kind + "_" + count++;
	}

	private static IllegalArgumentException unsupported(final Layer conf, final String what) {
		return new IllegalArgumentException("This model cannot be exported to ONNX: its layer " + conf
			.getLayerName() + " (" + conf.getClass().getSimpleName() + ") has " + what + ", which " +
			"AutoencoderJ's training never makes. Export models trained by AutoencoderJ.");
	}
}
