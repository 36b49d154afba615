package autoencoderj.engine.training;

import java.util.List;

import autoencoderj.engine.LayerGraph;
import autoencoderj.engine.network.MaskedTail;
import autoencoderj.engine.network.NativeNetwork;
import autoencoderj.engine.network.NativeStages;
import autoencoderj.engine.network.NativeSupport;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * Trains the convolutional networks that the model's {@code ConvSpec} and
 * {@code VolumeSpec} build (2-D or 3-D convolutions with ReLU, max-pooling,
 * upsampling by repetition or, in 2-D, by transposed convolution, a sigmoid
 * or linear loss layer) with DL4J's arithmetic, but through native
 * operations ({@link NativeNetwork}: oneDNN's convolutions, libnd4j's pooling
 * and upsampling), channels-last (their fast layout), with each upsampling
 * folded into the convolution after it ({@link UpsampledConv},
 * {@link SubPixelConv}), on buffers allocated once per batch size. DL4J's
 * convolution layers compute the same through im2col and general matrix
 * products, many times slower on these shapes (figures in the README's
 * benchmark section).
 *
 * <p>Loss, gradient scaling and Adam are DL4J's ({@link OutputLoss},
 * {@link UpdaterSteps}); parameters, Adam state and iteration count are read
 * from the network and written back by {@link #writeTo(Model)}. Chains and
 * graphs (skip connections) alike. With a sparse loss mask (blind-spot
 * training) the last stages run only around the counted pixels or voxels
 * ({@link MaskedTail}).
 */
final class ConvEngine implements TrainingStep {

	private final NativeNetwork network;
	private final UpdaterSteps updates;
	private final OutputLoss loss;
	private final long[] sample;
	private int maskedStages;

	private ConvEngine(final Model net, final long[] sample) {
		this.sample = sample.clone();
		updates = new UpdaterSteps(net);
		network = new NativeNetwork(net, updates.params, true, true);
		final LayerGraph graph = LayerGraph.of(net);
		final Layer out = graph.output();
		loss = new OutputLoss(NativeSupport.activation(out) instanceof ActivationSigmoid, NativeSupport
			.lossFn(out) instanceof LossBinaryXENT, outChannels(graph.layers()));
	}

	/** The channels of the last (transposed) convolution; pooling and upsampling keep them. */
	private static int outChannels(final List<Layer> layers) {
		for (int l = layers.size() - 1; l >= 0; l--)
			if (layers.get(l) instanceof ConvolutionLayer) return (int) ((ConvolutionLayer) layers.get(l))
				.getNOut();
		throw new IllegalArgumentException("no convolution");
	}

	/**
	 * @param sample the shape of one input sample, [C, H, W] or [C, D, H, W]
	 * @return an engine for {@code net}, or {@code null} when {@code net} is not
	 *         a network this engine computes exactly as DL4J does
	 */
	static ConvEngine of(final Model net, final long[] sample) {
		return (sample.length == 3 || sample.length == 4) && supports(net) ? new ConvEngine(net,
			sample) : null;
	}

	/** Networks {@link NativeNetwork} computes, with an optimiser {@link UpdaterSteps} takes. */
	static boolean supports(final Model net) {
		return UpdaterSteps.supports(LayerGraph.of(net)) && NativeSupport.supports(net);
	}

	/**
	 * One step on a minibatch of {@code rows} samples, each of the shape given
	 * at construction, row after row, channels-first; the targets have the
	 * network's output channels at the same size.
	 *
	 * @return the loss per counted output value, summed over the batch's samples
	 */
	@Override
	public double step(final float[] input, final float[] target, final float[] mask,
		final int rows)
	{
		final int c = (int) sample[0];
		// [rows, space..., C]
		final long[] shape = new long[sample.length + 1];
		shape[0] = rows;
		int space = 1;
		for (int a = 1; a < sample.length; a++) {
			shape[a] = sample[a];
			space *= (int) sample[a];
		}
		shape[sample.length] = c;
		final NativeStages.Buffers buf = network.buffers(shape);
		buf.act[0].data().asNioFloat().put(channelsLast(input, rows, c, space), 0, (int) buf.act[0]
			.length());
		final int outC = buf.outValues / space;
		return step(buf, channelsLast(target, rows, outC, space), mask == null ? null : channelsLast(
			mask, rows, outC, space));
	}

	/** {@code rows} samples {@code [C, space]} as {@code [space, C]}; the same array for one channel. */
	private static float[] channelsLast(final float[] x, final int rows, final int c, final int hw) {
		if (c == 1) return x;
		final float[] y = new float[rows * c * hw];
		for (int r = 0; r < rows; r++)
			for (int k = 0; k < c; k++)
				for (int i = 0; i < hw; i++)
					y[(r * hw + i) * c + k] = x[(r * c + k) * hw + i];
		return y;
	}

	private double step(final NativeStages.Buffers buf, final float[] target, final float[] mask) {
		final int rows = (int) buf.act[0].size(0);
		network.load(updates.params);
		final int last = buf.act.length - 1, n = rows * buf.outValues;
		final MaskedTail tail = network.tail();
		if (tail != null && mask != null) {
			final int outC = (int) buf.act[last].size(-1);
			final int[] at = MaskedTail.counted(mask, outC);
			final int start = tail.start(at.length, n / outC);
			if (start >= 0) return maskedStep(buf, tail, start, at, target, mask);
		}
		maskedStages = 0;
		network.forward(buf);
		buf.act[last].data().asNioFloat().get(buf.z, 0, n);
		final double lossSum = loss.apply(buf.z, target, mask, buf.d, buf.e, n, rows);
		buf.grad[last].data().asNioFloat().put(buf.d, 0, n);
		network.backward(buf, updates.grad);
		updates.step();
		return lossSum / (mask == null ? buf.outValues : counted(mask, n) / rows);
	}

	/**
	 * {@link #step(NativeStages.Buffers, float[], float[])} with the last
	 * stages, from {@code start}, computed only at the pixels {@code at} the mask counts.
	 */
	private double maskedStep(final NativeStages.Buffers buf, final MaskedTail tail,
		final int start, final int[] at, final float[] target, final float[] mask)
	{
		final int last = buf.act.length - 1, rows = (int) buf.act[0].size(0);
		final long[] shape = buf.act[last].shape();
		final int r = shape.length;
		// z, y, x of the output (z 1 in 2-D)
		final int[] size = { r == 5 ? (int) shape[1] : 1, (int) shape[r - 3], (int) shape[r - 2] };
		final int c = (int) shape[r - 1], k = at.length * c;
		maskedStages = tail.stages(start);
		network.forward(buf, start);
		tail.forward(buf.act, start, at, size, buf.z);
		final float[] y = new float[k], m = new float[k];
		for (int i = 0; i < at.length; i++) {
			System.arraycopy(target, at[i] * c, y, i * c, c);
			System.arraycopy(mask, at[i] * c, m, i * c, c);
		}
		final double lossSum = loss.apply(buf.z, y, m, buf.d, buf.e, k, rows);
		tail.backward(buf.d, buf.grad, network.readBefore(start));
		network.backward(buf, start, updates.grad, tail);
		updates.step();
		// every value the mask counts is among those gathered
		return lossSum / (counted(m, k) / rows);
	}

	/** How many of the network's last stages the previous step computed only at the counted pixels. */
	int maskedStages() {
		return maskedStages;
	}

	private static double counted(final float[] mask, final int n) {
		double sum = 0;
		for (int i = 0; i < n; i++)
			sum += mask[i];
		return Math.max(sum, 1);
	}

	@Override
	public void rate(final double rate) {
		updates.rate(rate);
	}

	@Override
	public float[] lastGradient() {
		return updates.grad.clone();
	}

	@Override
	public void writeTo(final Model net) {
		updates.writeTo(net);
	}

	@Override
	public void close() {
		network.close();
	}
}
