package autoencoderj.engine.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import autoencoderj.engine.LayerGraph;
import autoencoderj.engine.network.NativeStages.Buffers;
import autoencoderj.engine.network.NativeStages.MaxPool;
import autoencoderj.engine.network.NativeStages.Scratch;
import autoencoderj.engine.network.NativeStages.Stage;
import autoencoderj.engine.network.NativeStages.Upsample;
import autoencoderj.engine.onednn.OneDnn;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.Upsampling3D;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolutional network, 2-D or 3-D, as native operations (oneDNN's
 * convolutions, libnd4j's pooling and upsampling), built once from its DL4J
 * configuration: one stage per layer (or per upsampling and the convolution
 * after it, folded where that pays, {@link UpsampledConv} and
 * {@link SubPixelConv}; or per U-Net decoder upsampling, concatenation and
 * convolution, {@link UpConcatConv}), channels-last (oneDNN's fast layout),
 * forward for inference, validation scores and layer outputs, backward for
 * training. {@link NativeSupport} says which networks it computes exactly as
 * DL4J does.
 * <p>
 * The stages form a graph: each reads the activations named in
 * {@link #inputs} (skip connections read an encoder's output again and
 * concatenate or add it), and in the backward pass the gradients of an
 * activation read by several stages are summed, as DL4J's
 * {@code ComputationGraph} sums them.
 * </p>
 */
public final class NativeNetwork implements AutoCloseable {

	private final ParamViews views;
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
	private Buffers buffers;
	/**
	 * Activations inference freed, by shape, for the next tile: fresh native
	 * memory for every array of every tile (page faults, returned at once)
	 * took a quarter of a large volume's processor time.
	 */
	private final java.util.Map<String, java.util.Deque<INDArray>> spare = new java.util.HashMap<>();

	/**
	 * @param params the network's parameters, flattened as {@code net.params()}
	 * @param fold whether an upsampling and the convolution after it may become one stage
	 * @param training whether {@link #backward} will be called (else no gradient memory)
	 */
	public NativeNetwork(final Model net, final float[] params, final boolean fold, final boolean training) {
		final LayerGraph graph = LayerGraph.of(net);
		views = new ParamViews(net, params, training);
		final List<LayerGraph.Node> nodes = graph.nodes();
		final int n = nodes.size();
		final int[] readers = new int[n + 1];
		for (final LayerGraph.Node node : nodes)
			for (final int k : node.inputs())
				readers[k]++;
		// where each node's output is among the stages' activations
		final int[] at = new int[n + 1];
		final List<int[]> reads = new ArrayList<>();
		// per stage, the convolution the masked tail would compute for it, if it can
		final List<MaskedTail.Conv> tailable = new ArrayList<>();
		for (int l = 0; l < n - 1; l++) {
			final LayerGraph.Node node = nodes.get(l);
			int[] in = new int[node.inputs().length];
			for (int k = 0; k < in.length; k++)
				in[k] = at[node.inputs()[k]];
			final LayerGraph.Node next = nodes.get(l + 1);
			MaskedTail.Conv windowed = null;
			if (fold && UpConcatConv.applies(nodes, l, readers)) {
				final LayerGraph.Node conv = nodes.get(l + 2);
				final org.deeplearning4j.nn.api.Layer layer = conv.layer();
				stages.add(new UpConcatConv((ConvolutionLayer) conv.conf(), UpConcatConv.channels(nodes,
					node.inputs()[0]), views.offset(layer.getParam("W")), views.offset(layer
						.getParam("b")), views.gradients(layer.getParam("W")), training ? views
							.gradients(layer.getParam("b")).reshape(layer.getParam("b").length()) : null,
					scratches));
				in = new int[] { in[0], at[next.inputs()[1]] };
				windowed = tailConv(conv);
				l += 2;
			}
			else if (fold && l + 1 < n - 1 && readers[l + 1] == 1 && next.inputs().length == 1 &&
				next.inputs()[0] == l + 1 && UpsampledConv.applies(node.conf(), next.conf()))
			{
				l++;
				stages.add(new LayerStages.UpConv((ConvolutionLayer) next.conf(), next.layer(), views,
					scratches));
				windowed = tailConv(next);
			}
			else if (fold && l + 1 < n - 1 && readers[l + 1] == 1 && next.inputs().length == 1 &&
				next.inputs()[0] == l + 1 && SubPixelConv.applies(node.conf(), next.conf()))
			{
				l++;
				stages.add(new SubPixelConv((Upsampling3D) node.conf(), (ConvolutionLayer) next.conf(),
					next.layer(), views, scratches));
			}
			else if (node.merge()) stages.add(new NativeStages.Concat());
			else if (node.sum()) {
				// a ReLU layer that alone reads the sum is applied as the sum is written
				final boolean relu = l + 1 < n - 1 && readers[l + 1] == 1 && next.inputs().length == 1 &&
					next.inputs()[0] == l + 1 && next.conf() instanceof ActivationLayer;
				stages.add(new LayerStages.Sum(relu, scratches));
				if (relu) l++;
			}
			else if (node.conf() instanceof ConvolutionLayer) {
				stages.add(new LayerStages.Conv((ConvolutionLayer) node.conf(), node.layer(), views,
					scratches));
				if ((node.conf().getClass() == ConvolutionLayer.class || node.conf()
					.getClass() == Convolution3D.class) && MaskedTail.sameSize((ConvolutionLayer) node.conf()))
					windowed = tailConv(node);
			}
			else if (node.conf() instanceof SubsamplingLayer) stages.add(new MaxPool(
				(SubsamplingLayer) node.conf()));
			else if (node.conf() instanceof Subsampling3DLayer) stages.add(new MaxPool(
				(Subsampling3DLayer) node.conf()));
			else if (node.conf() instanceof ActivationLayer) stages.add(new LayerStages.Relu(scratches));
			else stages.add(new Upsample(node.conf() instanceof Upsampling3D ? ((Upsampling3D) node.conf())
				.getSize() : ((Upsampling2D) node.conf()).getSize()));
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
		tail = training ? MaskedTail.of(stages, inputs, adds, tailable, scratches) : null;
		prepared = new boolean[stages.size()];
		load(params);
	}

	/** The masked tail's view of {@code conv}'s convolution: its weights, gradients and activation. */
	private MaskedTail.Conv tailConv(final LayerGraph.Node conv) {
		final INDArray w = conv.layer().getParam("W"), b = conv.layer().getParam("b");
		final boolean relu = ((ConvolutionLayer) conv.conf()).getActivationFn() instanceof ActivationReLU;
		final boolean bias = ((ConvolutionLayer) conv.conf()).hasBias();
		return new MaskedTail.Conv(views.weights(w), bias ? views.weights(b).reshape(w.size(0)) : null,
			views.gradients(w), bias && views.gradients != null ? views.gradients(b).reshape(w.size(0))
				: null, relu);
	}

	/** The last stages as {@link MaskedTail}, for training with sparse loss masks; or {@code null}. */
	public MaskedTail tail() {
		return tail;
	}

	/** Each stage's kind, e.g. {@code Conv} or {@code UpConcatConv}, in order. */
	public List<String> stageKinds() {
		final List<String> kinds = new ArrayList<>();
		for (final Stage s : stages)
			kinds.add(s.getClass().getSimpleName());
		return kinds;
	}

	/** A network of {@code net}'s current parameters, for inference. */
	public static NativeNetwork of(final Model net, final boolean fold) {
		return new NativeNetwork(net, net.params().dup('c').data().asFloat(), fold, false);
	}

	/** Takes new parameter values (after an optimiser step). */
	public void load(final float[] params) {
		views.weights.data().asNioFloat().put(params);
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

	/** Buffers for inputs of {@code inShape} ([N, H, W, C]), kept while the shape stays the same. */
	public Buffers buffers(final long[] inShape) {
		if (buffers != null && Arrays.equals(buffers.act[0].shape(), inShape)) return buffers;
		if (buffers != null) buffers.close();
		buffers = new Buffers(stages, inputs, adds, inShape);
		return buffers;
	}

	/** Every stage's output into {@code buf}, from {@code buf.act[0]}. */
	public void forward(final Buffers buf) {
		forward(buf, stages.size());
	}

	/** The outputs of the stages before {@code to}. */
	public void forward(final Buffers buf, final int to) {
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
	public void backward(final Buffers buf, final float[] into) {
		backward(buf, stages.size(), into);
	}

	/**
	 * {@link #backward(Buffers, float[])} through the stages before {@code to},
	 * the gradients of the later ones' inputs and parameters already written.
	 */
	public void backward(final Buffers buf, final int to, final float[] into) {
		backward(buf, to, into, null);
	}

	/**
	 * {@link #backward(Buffers, int, float[])} after the masked tail from
	 * {@code to} on, which leaves the gradients of its inputs that earlier
	 * stages also read ({@link #readBefore}) to be added once those have written theirs.
	 */
	public void backward(final Buffers buf, final int to, final float[] into, final MaskedTail tail) {
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
		views.gradients.data().asNioFloat().get(into);
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
	public boolean[] readBefore(final int to) {
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
			final long[] shape = stages.get(i).outShape(shapes);
			// the output is the caller's; the rest may be memory an earlier tile freed
			act[i + 1] = keep || i == stages.size() - 1 ? Nd4j.createUninitialized(DataType.FLOAT, shape,
				'c') : take(shape);
			stage(i).forward(in, act[i + 1]);
			if (!keep) for (final int k : inputs[i])
				if (k > 0 && lastReader[k] == i && act[k] != null) {
					give(act[k]);
					act[k] = null;
				}
		}
		final List<INDArray> out = new ArrayList<>();
		for (int i = keep ? 1 : stages.size(); i <= stages.size(); i++)
			out.add(act[i]);
		return out;
	}

	/** An array of {@code shape} that inference freed before, or a new one. */
	private INDArray take(final long[] shape) {
		final java.util.Deque<INDArray> free = spare.get(Arrays.toString(shape));
		return free != null && !free.isEmpty() ? free.pop() : Nd4j.createUninitialized(DataType.FLOAT,
			shape, 'c');
	}

	private void give(final INDArray a) {
		spare.computeIfAbsent(Arrays.toString(a.shape()), k -> new java.util.ArrayDeque<>()).push(a);
	}

	@Override
	public void close() {
		for (final java.util.Deque<INDArray> free : spare.values())
			for (final INDArray a : free)
				a.close();
		spare.clear();
		if (buffers != null) buffers.close();
		for (final Scratch s : scratches)
			s.close();
		views.close();
		// the plans hold buffers as large as the activations; a Fiji thread outlives the network
		OneDnn.release();
	}
}
