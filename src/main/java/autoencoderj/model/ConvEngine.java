package autoencoderj.model;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * Trains the convolutional networks that {@link ConvSpec} builds (3x3
 * convolutions with ReLU, max-pooling, upsampling by repetition, a sigmoid or
 * linear loss layer) with DL4J's arithmetic, but through libnd4j's own
 * operations ({@code conv2d}/{@code conv2d_bp}, {@code maxpool2d}/{@code _bp},
 * {@code upsampling2d}/{@code _bp}, {@code relu_bp}), which use oneDNN, on
 * buffers allocated once per batch size. DL4J's {@code ConvolutionLayer}
 * computes the same convolutions through im2col and general matrix products
 * and was measured 15-60 times slower on these shapes.
 *
 * <p>Loss, gradient scaling and Adam are DL4J's ({@link OutputLoss},
 * {@link AdamSteps}); parameters, Adam state and iteration count are read
 * from the network and written back by {@link #writeTo(MultiLayerNetwork)}.
 */
final class ConvEngine implements TrainingStep {

	/** One DL4J layer, forward and backward. */
	private abstract static class Stage {

		/** {@code out} = this layer of {@code in}. */
		abstract void forward(INDArray in, INDArray out);

		/**
		 * @param in the layer's input, {@code out} its output
		 * @param gradOut dLoss/d{@code out}, may be overwritten
		 * @param gradIn receives dLoss/d{@code in}, or {@code null} when not needed
		 */
		abstract void backward(INDArray in, INDArray out, INDArray gradOut, INDArray gradIn);

		/** The output shape for an input of {@code shape} ([N, C, H, W]). */
		abstract long[] outShape(long[] shape);
	}

	private final class Conv extends Stage {

		private final NativeOps.Window win;
		private final int nOut;
		private final boolean relu;
		private final INDArray w, b, gradW, gradB;

		Conv(final ConvolutionLayer conf, final org.deeplearning4j.nn.api.Layer layer) {
			win = new NativeOps.Window(conf.getKernelSize(), conf.getStride(), conf.getPadding(), conf
				.getConvolutionMode() == ConvolutionMode.Same, false);
			nOut = (int) conf.getNOut();
			relu = conf.getActivationFn() instanceof ActivationReLU;
			w = view(weights, layer.getParam("W"));
			b = view(weights, layer.getParam("b")).reshape(nOut);
			gradW = view(gradients, layer.getParam("W"));
			gradB = view(gradients, layer.getParam("b")).reshape(nOut);
		}

		@Override
		void forward(final INDArray in, final INDArray out) {
			NativeOps.conv2d(in, w, b, win, out);
			if (relu) NativeOps.relu(out);
		}

		@Override
		void backward(final INDArray in, final INDArray out, final INDArray gradOut,
			final INDArray gradIn)
		{
			// relu(z) > 0 exactly where z > 0, where DL4J's derivative is 1
			if (relu) NativeOps.reluBackward(out, gradOut);
			NativeOps.conv2dBackward(in, w, b, gradOut, win, gradIn != null ? gradIn : scratchLike(in),
				gradW, gradB);
		}

		@Override
		long[] outShape(final long[] s) {
			return new long[] { s[0], nOut, win.outH(s[2]), win.outW(s[3]) };
		}
	}

	private static final class MaxPool extends Stage {

		private final NativeOps.Window win;

		MaxPool(final SubsamplingLayer conf) {
			win = new NativeOps.Window(conf.getKernelSize(), conf.getStride(), conf.getPadding(), conf
				.getConvolutionMode() == ConvolutionMode.Same, false);
		}

		@Override
		void forward(final INDArray in, final INDArray out) {
			NativeOps.maxPool2d(in, win, out);
		}

		@Override
		void backward(final INDArray in, final INDArray out, final INDArray gradOut,
			final INDArray gradIn)
		{
			if (gradIn != null) NativeOps.maxPool2dBackward(in, gradOut, win, gradIn);
		}

		@Override
		long[] outShape(final long[] s) {
			return new long[] { s[0], s[1], win.outH(s[2]), win.outW(s[3]) };
		}
	}

	private static final class Upsample extends Stage {

		private final int fH, fW;

		Upsample(final Upsampling2D conf) {
			fH = conf.getSize()[0];
			fW = conf.getSize()[1];
		}

		@Override
		void forward(final INDArray in, final INDArray out) {
			NativeOps.upsampling2d(in, fH, fW, false, out);
		}

		@Override
		void backward(final INDArray in, final INDArray out, final INDArray gradOut,
			final INDArray gradIn)
		{
			if (gradIn != null) NativeOps.upsampling2dBackward(in, gradOut, false, gradIn);
		}

		@Override
		long[] outShape(final long[] s) {
			return new long[] { s[0], s[1], s[2] * fH, s[3] * fW };
		}
	}

	/** Buffers for one batch size: activations and their gradients per stage. */
	private static final class Buffers {

		final INDArray[] act, grad;
		final float[] z, d, e;
		final int outValues;

		Buffers(final List<Stage> stages, final long[] inShape) {
			act = new INDArray[stages.size() + 1];
			grad = new INDArray[stages.size() + 1];
			long[] shape = inShape;
			for (int i = 0; i <= stages.size(); i++) {
				act[i] = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
				// the network's input needs no gradient
				grad[i] = i == 0 ? null : Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
				if (i < stages.size()) shape = stages.get(i).outShape(shape);
			}
			final int n = (int) act[stages.size()].length();
			outValues = n / (int) inShape[0];
			z = new float[n];
			d = new float[n];
			e = new float[n];
		}

		void close() {
			for (final INDArray a : act)
				a.close();
			for (final INDArray g : grad)
				if (g != null) g.close();
		}
	}

	private final INDArray weights, gradients;
	private final AdamSteps adam;
	private final List<Stage> stages = new ArrayList<>();
	private final OutputLoss loss;
	private final long[] sample;
	private Buffers buffers, scratchOwner;
	private INDArray scratch;

	private ConvEngine(final MultiLayerNetwork net, final long[] sample) {
		this.sample = sample == null ? null : sample.clone();
		adam = new AdamSteps(net);
		weights = Nd4j.createFromArray(adam.params);
		gradients = Nd4j.create(DataType.FLOAT, adam.params.length);
		final long base = net.params().offset();
		this.base = base;
		final int n = net.getnLayers();
		for (int l = 0; l < n - 1; l++) {
			final Layer conf = layer(net, l);
			if (conf instanceof ConvolutionLayer) stages.add(new Conv((ConvolutionLayer) conf, net.getLayer(
				l)));
			else if (conf instanceof SubsamplingLayer) stages.add(new MaxPool((SubsamplingLayer) conf));
			else stages.add(new Upsample((Upsampling2D) conf));
		}
		final CnnLossLayer out = (CnnLossLayer) layer(net, n - 1);
		long[] shape = { 1, 1, 64, 64 };
		for (final Stage s : stages)
			shape = s.outShape(shape);
		loss = new OutputLoss(out.getActivationFn() instanceof ActivationSigmoid, out
			.getLossFn() instanceof LossBinaryXENT, (int) shape[1]);
	}

	private final long base;

	/** The part of {@code flat} at the place of the network's parameter view {@code param}. */
	private INDArray view(final INDArray flat, final INDArray param) {
		final long from = param.offset() - base;
		return flat.get(NDArrayIndex.interval(from, from + param.length())).reshape('c', param.shape());
	}

	/**
	 * @param sample the shape of one input sample, [C, H, W], for
	 *          {@link #step(float[], float[], int)}; {@code null} when only
	 *          {@link #step(INDArray, INDArray)} is used
	 * @return an engine for {@code net}, or {@code null} when {@code net} is not
	 *         a network this engine computes exactly as DL4J does
	 */
	static ConvEngine of(final MultiLayerNetwork net, final long[] sample) {
		return supports(net) && (sample == null || sample.length == 3) ? new ConvEngine(net, sample)
			: null;
	}

	static boolean supports(final MultiLayerNetwork net) {
		if (!AdamSteps.supports(net)) return false;
		final int n = net.getnLayers();
		if (n < 2 || !(layer(net, n - 1) instanceof CnnLossLayer)) return false;
		for (int l = 0; l < n; l++) {
			if (net.getLayerWiseConfigurations().getInputPreProcess(l) != null) return false;
			final Layer layer = layer(net, l);
			if (layer.getClass() == ConvolutionLayer.class) {
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

	private static Layer layer(final MultiLayerNetwork net, final int l) {
		return net.getLayerWiseConfigurations().getConf(l).getLayer();
	}

	/**
	 * One Adam step on a minibatch of {@code rows} samples, each of the shape
	 * given at construction, row after row.
	 *
	 * @return the loss per output value, summed over the batch's samples
	 */
	@Override
	public double step(final float[] input, final float[] target, final int rows) {
		final Buffers buf = buffers(new long[] { rows, sample[0], sample[1], sample[2] });
		buf.act[0].data().asNioFloat().put(input, 0, (int) buf.act[0].length());
		return step(buf, target);
	}

	/** One Adam step on a DataSet's features and labels ([N, C, H, W]). */
	double step(final INDArray features, final INDArray labels) {
		final Buffers buf = buffers(features.shape());
		buf.act[0].assign(features);
		final float[] target = labels.dup('c').data().asFloat();
		return step(buf, target);
	}

	private double step(final Buffers buf, final float[] target) {
		final int rows = (int) buf.act[0].size(0);
		weights.data().asNioFloat().put(adam.params);
		final int last = stages.size();
		for (int i = 0; i < last; i++)
			stages.get(i).forward(buf.act[i], buf.act[i + 1]);
		final int n = rows * buf.outValues;
		buf.act[last].data().asNioFloat().get(buf.z, 0, n);
		final double lossSum = loss.apply(buf.z, target, buf.d, buf.e, n, rows);
		buf.grad[last].data().asNioFloat().put(buf.d, 0, n);
		for (int i = last - 1; i >= 0; i--)
			stages.get(i).backward(buf.act[i], buf.act[i + 1], buf.grad[i + 1], buf.grad[i]);
		final FloatBuffer g = gradients.data().asNioFloat();
		g.get(adam.grad);
		adam.step();
		return lossSum / buf.outValues;
	}

	private Buffers buffers(final long[] inShape) {
		if (buffers != null && java.util.Arrays.equals(buffers.act[0].shape(), inShape)) return buffers;
		if (buffers != null) buffers.close();
		buffers = new Buffers(stages, inShape);
		return buffers;
	}

	/** A gradient buffer for a first layer, whose input gradient libnd4j computes anyway. */
	private INDArray scratchLike(final INDArray like) {
		if (scratch == null || scratchOwner != buffers || !java.util.Arrays.equals(scratch.shape(), like
			.shape()))
		{
			if (scratch != null) scratch.close();
			scratch = Nd4j.createUninitialized(DataType.FLOAT, like.shape(), 'c');
			scratchOwner = buffers;
		}
		return scratch;
	}

	@Override
	public void writeTo(final MultiLayerNetwork net) {
		adam.writeTo(net);
	}

	@Override
	public void close() {
		if (buffers != null) buffers.close();
		if (scratch != null) scratch.close();
		weights.close();
		gradients.close();
	}
}
