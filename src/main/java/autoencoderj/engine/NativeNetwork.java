package autoencoderj.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import autoencoderj.engine.NativeStages.Buffers;
import autoencoderj.engine.NativeStages.MaxPool;
import autoencoderj.engine.NativeStages.Scratch;
import autoencoderj.engine.NativeStages.Stage;
import autoencoderj.engine.NativeStages.Upsample;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.nd4j.enums.DataFormat;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.SpaceToDepth;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * A convolutional network as libnd4j operations, built once from its DL4J
 * configuration: one stage per layer (or per upsampling and the convolution
 * after it, folded where that pays, {@link UpsampledConv}; or per U-Net
 * decoder upsampling, concatenation and convolution, {@link UpConcatConv}), channels-last
 * (oneDNN's fast layout), forward for inference, validation scores and layer
 * outputs, backward for training. {@link #supports} is the one place that
 * says which networks it computes exactly as DL4J does.
 * <p>
 * The stages form a graph: each reads the activations named in
 * {@link #inputs} (skip connections read an encoder's output again and
 * concatenate it), and in the backward pass the gradients of an activation
 * read by several stages are summed, as DL4J's {@code ComputationGraph} sums
 * them.
 * </p>
 */
final class NativeNetwork implements AutoCloseable {

	/** A convolution, or a transposed one (DL4J's {@code Deconvolution2D}, a learned upsampling). */
	private final class Conv extends Stage {

		private final NativeOps.Window win;
		private final int nOut;
		private final boolean transposed, relu;
		private final INDArray w, b, gradW, gradB;
		private final Scratch mask = new Scratch();
		/** For when no input gradient is needed, if the input has few channels; else {@code null}. */
		private final InputConvGradient weightsOnly;

		Conv(final ConvolutionLayer conf, final org.deeplearning4j.nn.api.Layer layer) {
			win = new NativeOps.Window(conf.getKernelSize(), conf.getStride(), conf.getPadding(), conf
				.getConvolutionMode() == ConvolutionMode.Same, true);
			nOut = (int) conf.getNOut();
			transposed = conf instanceof Deconvolution2D;
			relu = conf.getActivationFn() instanceof ActivationReLU;
			w = view(weights, layer.getParam("W"));
			b = view(weights, layer.getParam("b")).reshape(nOut);
			gradW = view(gradients, layer.getParam("W"));
			gradB = gradients == null ? null : view(gradients, layer.getParam("b")).reshape(nOut);
			scratches.add(mask);
			weightsOnly = !transposed && InputConvGradient.applies(win, conf.getNIn())
				? new InputConvGradient(win, scratches) : null;
		}

		@Override
		void forward(final INDArray in, final INDArray out) {
			NativeOps.conv2d(transposed, in, w, b, win, relu, out);
		}

		@Override
		void backward(final INDArray in, final INDArray out, final INDArray gradOut,
			final INDArray gradIn)
		{
			if (relu) NativeStages.reluBackward(out, gradOut, mask);
			if (gradIn == null && weightsOnly != null) weightsOnly.backward(in, gradOut, gradW, gradB);
			else NativeOps.conv2dBackward(transposed, in, w, b, gradOut, win, gradIn, gradW, gradB);
		}

		@Override
		long[] outShape(final long[] s) {
			return transposed ? new long[] { s[0], win.transposedOutH(s[1]), win.transposedOutW(s[2]),
				nOut } : new long[] { s[0], win.outH(s[1]), win.outW(s[2]), nOut };
		}
	}

	/** A 2x upsampling and the 3x3 "same" convolution after it, as {@link UpsampledConv}. */
	private final class UpConv extends Stage {

		private final int nIn, nOut, wFrom, bFrom;
		private final boolean relu;
		private final INDArray w4, b4, gradW4, gradB4, gradW, gradB;
		private final Scratch mask = new Scratch(), low = new Scratch(), gradLow = new Scratch();

		UpConv(final ConvolutionLayer conf, final org.deeplearning4j.nn.api.Layer layer) {
			nIn = (int) conf.getNIn();
			nOut = (int) conf.getNOut();
			relu = conf.getActivationFn() instanceof ActivationReLU;
			wFrom = offset(layer.getParam("W"));
			bFrom = offset(layer.getParam("b"));
			w4 = Nd4j.create(DataType.FLOAT, 4L * nOut, nIn, 3, 3);
			b4 = Nd4j.create(DataType.FLOAT, 4L * nOut);
			gradW4 = gradients == null ? null : w4.like();
			gradB4 = gradients == null ? null : b4.like();
			gradW = view(gradients, layer.getParam("W"));
			gradB = gradients == null ? null : view(gradients, layer.getParam("b")).reshape(nOut);
			for (final Scratch s : new Scratch[] { mask, low, gradLow })
				scratches.add(s);
		}

		@Override
		void prepare(final float[] params) {
			w4.data().asNioFloat().put(UpsampledConv.weights(params, wFrom, nOut, nIn));
			b4.data().asNioFloat().put(UpsampledConv.bias(params, bFrom, nOut));
		}

		@Override
		void forward(final INDArray in, final INDArray out) {
			UpsampledConv.forward(in, w4, b4, low.shaped(in.size(0), in.size(1), in.size(2), 4L * nOut),
				out);
			if (relu) NativeOps.relu(out);
		}

		@Override
		void backward(final INDArray in, final INDArray out, final INDArray gradOut,
			final INDArray gradIn)
		{
			if (relu) NativeStages.reluBackward(out, gradOut, mask);
			final INDArray g = gradLow.shaped(in.size(0), in.size(1), in.size(2), 4L * nOut);
			Nd4j.exec(new SpaceToDepth(gradOut, g, 2, DataFormat.NHWC));
			NativeOps.conv2dBackward(false, in, w4, b4, g, UpsampledConv.WINDOW, gradIn, gradW4, gradB4);
			NativeStages.put(UpsampledConv.foldGradient(NativeStages.values(gradW4), nOut, nIn), 0, gradW);
			NativeStages.put(UpsampledConv.foldBiasGradient(NativeStages.values(gradB4), nOut), 0, gradB);
		}

		@Override
		long[] outShape(final long[] s) {
			return new long[] { s[0], 2 * s[1], 2 * s[2], nOut };
		}
	}

	private final INDArray weights, gradients;
	private final List<Stage> stages = new ArrayList<>();
	/** Per stage, the activations it reads: 0 the network's input, {@code i + 1} stage {@code i}'s output. */
	private final int[][] inputs;
	/** {@link #adds(int)} of every stage. */
	private final boolean[][] adds;
	/** Per activation, the last stage that reads it (after which inference frees it). */
	private final int[] lastReader;
	/** Per activation, the first stage that reads it (the last to write its gradient). */
	private final int[] firstReader;
	private final List<Scratch> scratches = new ArrayList<>();
	private final MaskedTail tail;
	private final boolean[] prepared;
	private float[] loaded;
	/** Where the network's flattened parameters start in their buffer. */
	private final long base;
	private Buffers buffers;

	/**
	 * @param params the network's parameters, flattened as {@code net.params()}
	 * @param fold whether an upsampling and the convolution after it may become one stage
	 * @param training whether {@link #backward} will be called (else no gradient memory)
	 */
	NativeNetwork(final Model net, final float[] params, final boolean fold, final boolean training) {
		final LayerGraph graph = LayerGraph.of(net);
		weights = Nd4j.createFromArray(params);
		gradients = training ? Nd4j.create(DataType.FLOAT, params.length) : null;
		base = net.params().offset();
		final List<LayerGraph.Node> nodes = graph.nodes;
		final int n = nodes.size();
		final int[] readers = new int[n + 1];
		for (final LayerGraph.Node node : nodes)
			for (final int k : node.inputs)
				readers[k]++;
		// where each node's output is among the stages' activations
		final int[] at = new int[n + 1];
		final List<int[]> reads = new ArrayList<>();
		// per stage, the convolution the masked tail would compute for it, if it can
		final List<MaskedTail.Conv> tailable = new ArrayList<>();
		for (int l = 0; l < n - 1; l++) {
			final LayerGraph.Node node = nodes.get(l);
			int[] in = new int[node.inputs.length];
			for (int k = 0; k < in.length; k++)
				in[k] = at[node.inputs[k]];
			final LayerGraph.Node next = nodes.get(l + 1);
			MaskedTail.Conv windowed = null;
			if (fold && UpConcatConv.applies(nodes, l, readers)) {
				final LayerGraph.Node conv = nodes.get(l + 2);
				final org.deeplearning4j.nn.api.Layer layer = conv.layer;
				stages.add(new UpConcatConv((ConvolutionLayer) conv.conf, UpConcatConv.channels(nodes,
					node.inputs[0]), offset(layer.getParam("W")), offset(layer.getParam("b")), view(gradients,
						layer.getParam("W")), gradients == null ? null : view(gradients, layer.getParam("b"))
							.reshape(layer.getParam("b").length()), scratches));
				in = new int[] { in[0], at[next.inputs[1]] };
				windowed = tailConv(conv);
				l += 2;
			}
			else if (fold && l + 1 < n - 1 && readers[l + 1] == 1 && next.inputs.length == 1 &&
				next.inputs[0] == l + 1 && UpsampledConv.applies(node.conf, next.conf))
			{
				l++;
				stages.add(new UpConv((ConvolutionLayer) next.conf, next.layer));
				windowed = tailConv(next);
			}
			else if (node.merge()) stages.add(new NativeStages.Concat());
			else if (node.conf instanceof ConvolutionLayer) {
				stages.add(new Conv((ConvolutionLayer) node.conf, node.layer));
				if (node.conf.getClass() == ConvolutionLayer.class && sameSize(
					(ConvolutionLayer) node.conf)) windowed = tailConv(node);
			}
			else if (node.conf instanceof SubsamplingLayer) stages.add(new MaxPool(
				(SubsamplingLayer) node.conf));
			else stages.add(new Upsample((Upsampling2D) node.conf));
			tailable.add(windowed);
			reads.add(in);
			at[l + 1] = stages.size();
		}
		inputs = reads.toArray(new int[0][]);
		adds = adds(inputs.length);
		lastReader = new int[stages.size() + 1];
		firstReader = new int[stages.size() + 1];
		Arrays.fill(firstReader, -1);
		for (int i = 0; i < inputs.length; i++)
			for (final int k : inputs[i])
				lastReader[k] = i;
		for (int i = inputs.length - 1; i >= 0; i--)
			for (final int k : inputs[i])
				firstReader[k] = i;
		tail = training ? tail(tailable) : null;
		prepared = new boolean[stages.size()];
		load(params);
	}

	/**
	 * The longest run of last stages the masked tail computes: convolutions
	 * each reading only the one before, the first of which may also be an
	 * upsampling and convolution ({@link UpConv}) or a U-Net decoder's
	 * {@link UpConcatConv}; none when the last stage is none of these.
	 */
	private MaskedTail tail(final List<MaskedTail.Conv> tailable) {
		final int[] readers = new int[stages.size() + 1];
		for (final int[] in : inputs)
			for (final int k : in)
				readers[k]++;
		int t = stages.size() - 1;
		if (tailable.get(t) == null) return null;
		final List<MaskedTail.Conv> convs = new ArrayList<>();
		convs.add(tailable.get(t));
		int radius = tailable.get(t).k / 2;
		while (t > 0 && stages.get(t) instanceof Conv && inputs[t].length == 1 && inputs[t][0] == t &&
			readers[t] == 1 && tailable.get(t - 1) != null && radius + tailable.get(t - 1).k /
				2 <= MaskedTail.MAX_RADIUS)
		{
			t--;
			convs.add(0, tailable.get(t));
			radius += tailable.get(t).k / 2;
		}
		final List<MaskedTail.Source> sources = new ArrayList<>();
		final Stage first = stages.get(t);
		if (first instanceof UpConcatConv) {
			final int up = ((UpConcatConv) first).upChannels();
			sources.add(new MaskedTail.Source(inputs[t][0], up, 2));
			sources.add(new MaskedTail.Source(inputs[t][1], (int) convs.get(0).w.size(1) - up, 1));
		}
		else sources.add(new MaskedTail.Source(inputs[t][0], (int) convs.get(0).w.size(1),
			first instanceof UpConv ? 2 : 1));
		for (final boolean add : adds[t])
			// the tail writes its inputs' gradients first
			if (add) return null;
		return new MaskedTail(t, convs, sources, scratches);
	}

	/** A convolution with stride 1 and an odd square kernel whose output is as large as its input. */
	private static boolean sameSize(final ConvolutionLayer c) {
		final int k = c.getKernelSize()[0];
		return k == c.getKernelSize()[1] && k % 2 == 1 && c.getStride()[0] == 1 && c
			.getStride()[1] == 1 && (c.getConvolutionMode() == ConvolutionMode.Same || c
				.getPadding()[0] == k / 2 && c.getPadding()[1] == k / 2);
	}

	/** The masked tail's view of {@code conv}'s convolution: its weights, gradients and activation. */
	private MaskedTail.Conv tailConv(final LayerGraph.Node conv) {
		final INDArray w = conv.layer.getParam("W"), b = conv.layer.getParam("b");
		final boolean relu = ((ConvolutionLayer) conv.conf).getActivationFn() instanceof ActivationReLU;
		return new MaskedTail.Conv(view(weights, w), view(weights, b).reshape(w.size(0)), view(
			gradients, w), gradients == null ? null : view(gradients, b).reshape(w.size(0)), relu);
	}

	/** The last stages as {@link MaskedTail}, for training with sparse loss masks; or {@code null}. */
	MaskedTail tail() {
		return tail;
	}

	/** Each stage's kind, e.g. {@code Conv} or {@code UpConcatConv}, in order. */
	List<String> stageKinds() {
		final List<String> kinds = new ArrayList<>();
		for (final Stage s : stages)
			kinds.add(s.getClass().getSimpleName());
		return kinds;
	}

	/** A network of {@code net}'s current parameters, for inference. */
	static NativeNetwork of(final Model net, final boolean fold) {
		return new NativeNetwork(net, net.params().dup('c').data().asFloat(), fold, false);
	}

	/** The position of the network's parameter view {@code param} in its flattened parameters. */
	private int offset(final INDArray param) {
		return (int) (param.offset() - base);
	}

	/** The part of {@code flat} at the place of the network's parameter view {@code param}. */
	private INDArray view(final INDArray flat, final INDArray param) {
		if (flat == null) return null;
		final long from = offset(param);
		return flat.get(NDArrayIndex.interval(from, from + param.length())).reshape('c', param.shape());
	}

	/** Takes new parameter values (after an optimiser step). */
	void load(final float[] params) {
		weights.data().asNioFloat().put(params);
		loaded = params;
		Arrays.fill(prepared, false);
		// without a tail every stage runs: prepared now, forward passes then only read
		if (tail == null) for (int i = 0; i < stages.size(); i++)
			stage(i);
	}

	/**
	 * Stage {@code i}, prepared for the parameters last loaded: only when it
	 * runs, since the masked tail replaces stages that would prepare in vain.
	 */
	private Stage stage(final int i) {
		if (!prepared[i]) stages.get(i).prepare(loaded);
		prepared[i] = true;
		return stages.get(i);
	}

	/**
	 * Whether this class computes {@code net} exactly as DL4J does: a chain or
	 * graph of the layers below (merges concatenating channels), each read as
	 * DL4J reads it, ending in a loss layer on the node before it.
	 */
	static boolean supports(final Model net) {
		final LayerGraph graph = LayerGraph.of(net);
		final List<LayerGraph.Node> nodes = graph.nodes;
		final int n = nodes.size();
		if (!graph.plain || n < 2 || !(graph.output() instanceof CnnLossLayer) || nodes.get(n -
			1).inputs[0] != n - 1) return false;
		for (int l = 0; l < n; l++) {
			final LayerGraph.Node node = nodes.get(l);
			if (node.merge()) {
				if (node.inputs.length < 2) return false;
				continue;
			}
			final Layer layer = node.conf;
			if (layer.getClass() == ConvolutionLayer.class || layer.getClass() == Deconvolution2D.class) {
				final ConvolutionLayer c = (ConvolutionLayer) layer;
				if (!c.hasBias() || c.getCnn2dDataFormat() != CNN2DFormat.NCHW || !ones(c.getDilation()) ||
					!plainMode(c.getConvolutionMode()) || !(c.getActivationFn() instanceof ActivationReLU || c
						.getActivationFn() instanceof ActivationIdentity)) return false;
			}
			else if (layer.getClass() == SubsamplingLayer.class) {
				final SubsamplingLayer s = (SubsamplingLayer) layer;
				if (s.getPoolingType() != PoolingType.MAX || s.getCnn2dDataFormat() != CNN2DFormat.NCHW ||
					!ones(s.getDilation()) || !plainMode(s.getConvolutionMode())) return false;
			}
			else if (layer.getClass() == Upsampling2D.class) {
				if (((Upsampling2D) layer).getFormat() != CNN2DFormat.NCHW) return false;
			}
			else if (layer.getClass() == CnnLossLayer.class && l == n - 1) {
				final CnnLossLayer c = (CnnLossLayer) layer;
				final ILossFunction fn = c.getLossFn();
				final boolean sigmoid = c.getActivationFn() instanceof ActivationSigmoid;
				final boolean xent = fn.getClass() == LossBinaryXENT.class && ((LossBinaryXENT) fn)
					.getWeights() == null;
				final boolean mse = fn.getClass() == LossMSE.class && ((LossMSE) fn).getWeights() == null;
				if (c.getFormat() != CNN2DFormat.NCHW || !(xent && sigmoid || mse && (sigmoid || c
					.getActivationFn() instanceof ActivationIdentity))) return false;
			}
			else return false;
		}
		return true;
	}

	private static boolean ones(final int[] a) {
		for (final int v : a)
			if (v != 1) return false;
		return true;
	}

	private static boolean plainMode(final ConvolutionMode mode) {
		return mode == ConvolutionMode.Same || mode == ConvolutionMode.Truncate;
	}

	/** Buffers for inputs of {@code inShape} ([N, H, W, C]), kept while the shape stays the same. */
	Buffers buffers(final long[] inShape) {
		if (buffers != null && Arrays.equals(buffers.act[0].shape(), inShape)) return buffers;
		if (buffers != null) buffers.close();
		buffers = new Buffers(stages, inputs, adds, inShape);
		return buffers;
	}

	/** Every stage's output into {@code buf}, from {@code buf.act[0]}. */
	void forward(final Buffers buf) {
		forward(buf, stages.size());
	}

	/** The outputs of the stages before {@code to}. */
	void forward(final Buffers buf, final int to) {
		for (int i = 0; i < to; i++)
			stage(i).forward(pick(buf.act, inputs[i]), buf.act[i + 1]);
	}

	private static INDArray[] pick(final INDArray[] arrays, final int[] at) {
		final INDArray[] picked = new INDArray[at.length];
		for (int k = 0; k < at.length; k++)
			picked[k] = arrays[at[k]];
		return picked;
	}

	/**
	 * The gradient of every parameter into {@code into}, from dLoss/d(output) in
	 * {@code buf.grad[last]}, after {@link #forward(Buffers)} on the same buffers.
	 */
	void backward(final Buffers buf, final float[] into) {
		backward(buf, stages.size(), into);
	}

	/**
	 * {@link #backward(Buffers, float[])} through the stages before {@code to},
	 * the gradients of the later ones' inputs and parameters already written.
	 */
	void backward(final Buffers buf, final int to, final float[] into) {
		backward(buf, to, into, null);
	}

	/**
	 * {@link #backward(Buffers, int, float[])} after the masked tail from
	 * {@code to} on, which leaves the gradients of its inputs that earlier
	 * stages also read ({@link #readBefore}) to be added once those have written theirs.
	 */
	void backward(final Buffers buf, final int to, final float[] into, final MaskedTail tail) {
		// with a tail, its shared inputs' gradients are written by the stages before it first
		final boolean[][] adds = to == stages.size() ? this.adds : adds(to);
		for (int i = to - 1; i >= 0; i--) {
			final int[] in = inputs[i];
			final boolean[] add = adds[i];
			final INDArray[] gradIn = new INDArray[in.length];
			for (int k = 0; k < in.length; k++)
				gradIn[k] = add[k] ? buf.more[in[k]] : buf.grad[in[k]];
			stages.get(i).backward(pick(buf.act, in), buf.act[i + 1], buf.grad[i + 1], gradIn);
			for (int k = 0; k < in.length; k++) {
				if (add[k] && gradIn[k] != null) buf.grad[in[k]].addi(gradIn[k]);
				if (tail != null && firstReader[in[k]] == i && buf.grad[in[k]] != null) tail.addShared(
					in[k], buf.grad[in[k]]);
			}
		}
		gradients.data().asNioFloat().get(into);
	}

	/**
	 * Per stage before {@code to} and input, whether its gradient adds to one
	 * another reader wrote before: the backward pass runs from the last stage
	 * down, and the first to reach an activation writes its gradient.
	 */
	private boolean[][] adds(final int to) {
		final boolean[][] add = new boolean[to][];
		final boolean[] written = new boolean[stages.size() + 1];
		for (int i = to - 1; i >= 0; i--) {
			add[i] = new boolean[inputs[i].length];
			for (int k = 0; k < inputs[i].length; k++) {
				add[i][k] = written[inputs[i][k]];
				written[inputs[i][k]] = true;
			}
		}
		return add;
	}

	/** Per activation, whether a stage before {@code to} reads it. */
	boolean[] readBefore(final int to) {
		final boolean[] read = new boolean[stages.size() + 1];
		for (int i = 0; i < to; i++)
			for (final int k : inputs[i])
				read[k] = true;
		return read;
	}

	/**
	 * The last stage's output for channels-last {@code x} (before the loss
	 * layer's activation), in new arrays freed as soon as the next is made.
	 */
	INDArray output(final INDArray x) {
		return each(x, false).get(0);
	}

	/** Every stage's output for channels-last {@code x}, in order. */
	List<INDArray> each(final INDArray x) {
		return each(x, true);
	}

	private List<INDArray> each(final INDArray x, final boolean keep) {
		// an activation is freed after its last reader, unless all are kept
		final INDArray[] act = new INDArray[stages.size() + 1];
		act[0] = x;
		for (int i = 0; i < stages.size(); i++) {
			final INDArray[] in = pick(act, inputs[i]);
			final long[][] shapes = new long[in.length][];
			for (int k = 0; k < in.length; k++)
				shapes[k] = in[k].shape();
			act[i + 1] = Nd4j.createUninitialized(DataType.FLOAT, stages.get(i).outShape(shapes), 'c');
			stage(i).forward(in, act[i + 1]);
			if (!keep) for (final int k : inputs[i])
				if (k > 0 && lastReader[k] == i && act[k] != null) {
					act[k].close();
					act[k] = null;
				}
		}
		final List<INDArray> out = new ArrayList<>();
		for (int i = keep ? 1 : stages.size(); i <= stages.size(); i++)
			out.add(act[i]);
		return out;
	}

	@Override
	public void close() {
		if (buffers != null) buffers.close();
		for (final Scratch s : scratches)
			s.close();
		weights.close();
		if (gradients != null) gradients.close();
		// the plans hold buffers as large as the activations; a Fiji thread outlives the network
		OneDnn.release();
	}
}
