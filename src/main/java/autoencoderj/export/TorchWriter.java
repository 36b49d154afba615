package autoencoderj.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import autoencoderj.engine.LayerGraph;
import autoencoderj.ops.Normalization;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
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

/**
 * Writes a network as PyTorch weights without Python: the keyword arguments
 * of {@code autoencoderj_net.py}'s {@code AutoencoderJNet} (one node per
 * layer, read in the order and with the inputs of {@link LayerGraph}, as the
 * ONNX writer reads them) and its state dict in {@code torch.save}'s zip
 * format: a pickle (protocol 2) of an {@code OrderedDict} of tensors whose
 * storages are stored entries of raw little-endian floats.
 */
final class TorchWriter {

	/** The architecture file's name in the package, and the class it defines. */
	static final String ARCHITECTURE = "autoencoderj_net.py", CALLABLE = "AutoencoderJNet";
	/** The PyTorch version the state dict was checked with here. */
	static final String PYTORCH_VERSION = "1.13";

	final Map<String, Object> kwargs = new LinkedHashMap<>();
	private final List<Object> nodes = new ArrayList<>();
	private final Map<String, INDArray> state = new LinkedHashMap<>();

	private TorchWriter() {}

	/**
	 * A fully convolutional network, mirrored by {@code halo} on each space
	 * axis (see {@link OnnxWriter#convolutional}): one number for a 2-D
	 * network, whose halo is the same in y and x, a list {@code [z, y, x]}
	 * for a 3-D one.
	 */
	static TorchWriter convolutional(final Model net, final int[] halo, final Normalization[] in,
		final Normalization[] out)
	{
		final TorchWriter w = new TorchWriter();
		w.read(LayerGraph.of(net));
		w.kwargs.put("nodes", w.nodes);
		w.kwargs.put("border", halo.length == 2 ? (Object) halo[0] : ints(halo));
		if (in != null) w.kwargs.put("input_scale", scale(in, true));
		if (out != null) w.kwargs.put("output_scale", scale(out, false));
		return w;
	}

	/** A dense network on {@code height x width} one-channel images. */
	static TorchWriter dense(final Model net, final int height, final int width) {
		final TorchWriter w = new TorchWriter();
		w.read(LayerGraph.of(net));
		w.kwargs.put("nodes", w.nodes);
		w.kwargs.put("image_shape", List.of(height, width));
		return w;
	}

	/** The architecture file, as the plugin ships it. */
	static byte[] architecture() {
		try (InputStream in = TorchWriter.class.getResourceAsStream(ARCHITECTURE)) {
			if (in == null) throw new IllegalStateException(ARCHITECTURE + " is missing from the plugin");
			return in.readAllBytes();
		}
		catch (final IOException exc) {
			throw new IllegalStateException("could not read " + ARCHITECTURE, exc);
		}
	}

	private static Object scale(final Normalization[] norms, final boolean forward) {
		final double[][] linear = Description.linear(norms, forward);
		return List.of(linear[0], linear[1]);
	}

	private void read(final LayerGraph g) {
		for (final LayerGraph.Node node : g.nodes()) {
			final List<Integer> inputs = new ArrayList<>();
			for (final int i : node.inputs())
				inputs.add(i);
			final Map<String, Object> n = new LinkedHashMap<>();
			n.put("inputs", inputs);
			if (node.merge()) n.put("op", "concat");
			else if (node.sum()) n.put("op", "add");
			else layer(node, n);
			nodes.add(n);
		}
	}

	private void layer(final LayerGraph.Node node, final Map<String, Object> n) {
		final Layer conf = node.conf();
		final String key = "nodes." + nodes.size() + ".";
		if (conf instanceof Deconvolution2D || conf instanceof Deconvolution3D) {
			final ConvolutionLayer c = (ConvolutionLayer) conf;
			n.put("op", "deconv");
			n.put("in", c.getNIn());
			n.put("out", c.getNOut());
			n.put("kernel", ints(c.getKernelSize()));
			n.put("stride", ints(c.getStride()));
			params(node, key, false);
		}
		else if (conf instanceof ConvolutionLayer) {
			final ConvolutionLayer c = (ConvolutionLayer) conf;
			final int[] k = c.getKernelSize();
			n.put("op", "conv");
			n.put("in", c.getNIn());
			n.put("out", c.getNOut());
			n.put("kernel", ints(k));
			final List<Integer> same = new ArrayList<>();
			for (final int ki : k)
				same.add(ki / 2);
			n.put("pad", c.getConvolutionMode() == ConvolutionMode.Same ? same : ints(c.getPadding()));
			if (node.layer().getParam("b") == null) n.put("bias", false);
			params(node, key, false);
		}
		else if (conf instanceof SubsamplingLayer || conf instanceof Subsampling3DLayer) {
			n.put("op", "pool");
			n.put("kernel", ints(conf instanceof SubsamplingLayer ? ((SubsamplingLayer) conf).getKernelSize()
				: ((Subsampling3DLayer) conf).getKernelSize()));
		}
		else if (conf instanceof Upsampling2D) {
			n.put("op", "up");
			n.put("scale", ((Upsampling2D) conf).getSize()[0]);
		}
		else if (conf instanceof Upsampling3D) {
			n.put("op", "up");
			n.put("scale", ints(((Upsampling3D) conf).getSize()));
		}
		else if (conf instanceof ActivationLayer) {
			n.put("op", "identity");
			n.put("act", activation(((ActivationLayer) conf).getActivationFn()));
		}
		else if (conf instanceof DenseLayer || conf instanceof OutputLayer) {
			n.put("op", "linear");
			n.put("in", ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) conf).getNIn());
			n.put("out", ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) conf).getNOut());
			params(node, key, true);
		}
		else if (conf instanceof CnnLossLayer || conf instanceof Cnn3DLossLayer) n.put("op", "identity");
		else throw new IllegalArgumentException("This model cannot be exported to PyTorch: its layer " +
			conf.getLayerName() + " (" + conf.getClass().getSimpleName() + ") is of a kind AutoencoderJ's " +
			"training never makes.");
		if (conf instanceof BaseLayer) n.put("act", activation(((BaseLayer) conf).getActivationFn()));
	}

	/**
	 * Convolution weights in the layout PyTorch shares with ONNX
	 * ({@link OnnxWriter#portableWeights}); a dense layer's {@code [in, out]}
	 * is transposed. A convolution without bias has none.
	 */
	private void params(final LayerGraph.Node node, final String key, final boolean transpose) {
		final INDArray w = node.layer().getParam("W"), b = node.layer().getParam("b");
		state.put(key + "weight", transpose ? w.transpose() : OnnxWriter.portableWeights(node.conf(), w));
		if (b != null) state.put(key + "bias", b.reshape(-1));
	}

	private static String activation(final IActivation fn) {
		if (fn == null || fn instanceof ActivationIdentity) return "none";
		if (fn instanceof ActivationReLU) return "relu";
		if (fn instanceof ActivationSigmoid) return "sigmoid";
		throw new IllegalArgumentException("This model cannot be exported to PyTorch: it uses the " +
			"activation " + fn + ".");
	}

	private static List<Integer> ints(final int[] values) {
		final List<Integer> list = new ArrayList<>();
		for (final int v : values)
			list.add(v);
		return list;
	}

	/** The state dict as {@code torch.save} writes it (zip of {@code archive/data.pkl}, storages, version). */
	byte[] stateDict() {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			final Pickle p = new Pickle();
			p.proto();
			p.global("collections", "OrderedDict");
			p.op(')').op('R').op('(');
			final List<float[]> storages = new ArrayList<>();
			for (final Map.Entry<String, INDArray> e : state.entrySet()) {
				final INDArray t = e.getValue().castTo(DataType.FLOAT).dup('c');
				final float[] values = t.data().asFloat();
				final long[] shape = t.shape();
				p.unicode(e.getKey());
				p.global("torch._utils", "_rebuild_tensor_v2");
				p.op('(');
				p.op('(').unicode("storage").global("torch", "FloatStorage").unicode(Integer.toString(
					storages.size())).unicode("cpu").integer(values.length).op('t').op('Q');
				p.integer(0);
				p.op('(');
				for (final long d : shape)
					p.integer(d);
				p.op('t').op('(');
				long stride = 1;
				final long[] strides = new long[shape.length];
				for (int d = shape.length - 1; d >= 0; d--) {
					strides[d] = stride;
					stride *= shape[d];
				}
				for (final long s : strides)
					p.integer(s);
				p.op('t').op(0x89);
				p.global("collections", "OrderedDict").op(')').op('R');
				p.op('t').op('R');
				storages.add(values);
			}
			p.op('u').op('.');
			stored(zip, "archive/data.pkl", p.out.toByteArray());
			for (int i = 0; i < storages.size(); i++) {
				final ByteBuffer raw = ByteBuffer.allocate(4 * storages.get(i).length).order(
					ByteOrder.LITTLE_ENDIAN);
				raw.asFloatBuffer().put(storages.get(i));
				stored(zip, "archive/data/" + i, raw.array());
			}
			stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
		}
		catch (final IOException exc) {
			throw new IllegalStateException("could not write the state dict", exc);
		}
		return bytes.toByteArray();
	}

	/** PyTorch's reader takes uncompressed entries. */
	private static void stored(final ZipOutputStream zip, final String name, final byte[] data)
		throws IOException
	{
		final ZipEntry e = new ZipEntry(name);
		e.setMethod(ZipEntry.STORED);
		e.setSize(data.length);
		e.setCompressedSize(data.length);
		final CRC32 crc = new CRC32();
		crc.update(data);
		e.setCrc(crc.getValue());
		zip.putNextEntry(e);
		zip.write(data);
		zip.closeEntry();
	}

	/** The few pickle opcodes a state dict needs (protocol 2, no memo). */
	private static final class Pickle {

		final ByteArrayOutputStream out = new ByteArrayOutputStream();

		Pickle op(final int code) {
			out.write(code);
			return this;
		}

		void proto() {
			out.write(0x80);
			out.write(2);
		}

		Pickle global(final String module, final String name) {
			op('c');
			out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
			return this;
		}

		Pickle unicode(final String s) {
			final byte[] b = s.getBytes(StandardCharsets.UTF_8);
			op('X');
			out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
			out.writeBytes(b);
			return this;
		}

		Pickle integer(final long v) {
			if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new IllegalArgumentException(
				"a tensor of " + v + " values or elements");
			op('J');
			out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
			return this;
		}
	}
}
