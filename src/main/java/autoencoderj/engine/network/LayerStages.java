package autoencoderj.engine.network;

import java.util.List;

import autoencoderj.engine.network.NativeStages.Scratch;
import autoencoderj.engine.network.NativeStages.Stage;
import autoencoderj.engine.onednn.NativeOps;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.nd4j.enums.DataFormat;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.SpaceToDepth;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The stages of a {@link NativeNetwork} that hold a layer's parameters
 * (convolutions, 2-D or 3-D), and the vertices of DL4J's graphs that are not
 * layers of their own: a sum, and a ReLU as a layer.
 */
final class LayerStages {

	private LayerStages() {}

	/**
	 * A convolution, 2-D or 3-D, with or without bias, or a transposed one
	 * (DL4J's {@code Deconvolution2D} or {@code Deconvolution3D}, a learned
	 * upsampling).
	 */
	static final class Conv extends Stage {

		private final NativeOps.Window win;
		private final int nOut;
		private final boolean transposed, relu;
		private final INDArray w, b, gradW, gradB;
		private final Scratch mask = new Scratch();
		/** For when no input gradient is needed, if the input has few channels; else {@code null}. */
		private final InputConvGradient weightsOnly;

		Conv(final ConvolutionLayer conf, final org.deeplearning4j.nn.api.Layer layer,
			final ParamViews params, final List<Scratch> scratches)
		{
			win = new NativeOps.Window(conf.getKernelSize(), conf.getStride(), conf.getPadding(), conf
				.getConvolutionMode() == ConvolutionMode.Same, true);
			nOut = (int) conf.getNOut();
			transposed = conf instanceof Deconvolution2D || conf instanceof Deconvolution3D;
			relu = conf.getActivationFn() instanceof ActivationReLU;
			w = params.weights(layer.getParam("W"));
			gradW = params.gradients(layer.getParam("W"));
			final INDArray bias = conf.hasBias() ? layer.getParam("b") : null;
			b = bias == null ? null : params.weights(bias).reshape(nOut);
			gradB = bias == null || params.gradients == null ? null : params.gradients(bias).reshape(nOut);
			scratches.add(mask);
			weightsOnly = !transposed && win.rank() == 2 && b != null && InputConvGradient.applies(win,
				conf.getNIn()) ? new InputConvGradient(win, scratches) : null;
		}

		@Override
		void forward(final INDArray in, final INDArray out) {
			NativeOps.conv(transposed, in, w, b, win, relu, out);
		}

		@Override
		void backward(final INDArray in, final INDArray out, final INDArray gradOut,
			final INDArray gradIn)
		{
			if (relu) NativeStages.reluBackward(out, gradOut, mask);
			if (gradIn == null && weightsOnly != null) weightsOnly.backward(in, gradOut, gradW, gradB);
			else NativeOps.convBackward(transposed, in, w, b, gradOut, win, gradIn, gradW, gradB);
		}

		@Override
		long[] outShape(final long[] s) {
			return win.outShape(s, nOut, transposed);
		}
	}

	/** A 2x upsampling and the 3x3 "same" convolution after it, as {@link UpsampledConv}. */
	static final class UpConv extends Stage {

		private final int nIn, nOut, wFrom, bFrom;
		private final boolean relu;
		private final INDArray w4, b4, gradW4, gradB4, gradW, gradB;
		private final Scratch mask = new Scratch(), low = new Scratch(), gradLow = new Scratch();

		UpConv(final ConvolutionLayer conf, final org.deeplearning4j.nn.api.Layer layer,
			final ParamViews params, final List<Scratch> scratches)
		{
			nIn = (int) conf.getNIn();
			nOut = (int) conf.getNOut();
			relu = conf.getActivationFn() instanceof ActivationReLU;
			wFrom = params.offset(layer.getParam("W"));
			bFrom = params.offset(layer.getParam("b"));
			w4 = Nd4j.create(DataType.FLOAT, 4L * nOut, nIn, 3, 3);
			b4 = Nd4j.create(DataType.FLOAT, 4L * nOut);
			final boolean training = params.gradients != null;
			gradW4 = training ? w4.like() : null;
			gradB4 = training ? b4.like() : null;
			gradW = params.gradients(layer.getParam("W"));
			gradB = training ? params.gradients(layer.getParam("b")).reshape(nOut) : null;
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
			NativeOps.convBackward(false, in, w4, b4, g, UpsampledConv.WINDOW, gradIn, gradW4, gradB4);
			NativeStages.put(UpsampledConv.foldGradient(NativeStages.values(gradW4), nOut, nIn), 0, gradW);
			NativeStages.put(UpsampledConv.foldBiasGradient(NativeStages.values(gradB4), nOut), 0, gradB);
		}

		@Override
		long[] outShape(final long[] s) {
			return new long[] { s[0], 2 * s[1], 2 * s[2], nOut };
		}
	}

	/**
	 * DL4J's {@code ElementWiseVertex} adding its inputs (the 3-D U-Net's
	 * skips), and when {@code relu} the ReLU layer that alone reads it: one
	 * stage, two passes over the sum fewer.
	 */
	static final class Sum extends Stage {

		private final Scratch mask;

		Sum(final boolean relu, final List<Scratch> scratches) {
			mask = relu ? new Scratch() : null;
			if (relu) scratches.add(mask);
		}

		@Override
		void forward(final INDArray[] in, final INDArray out) {
			Nd4j.exec(new AddOp(in[0], in[1], out));
			for (int k = 2; k < in.length; k++)
				out.addi(in[k]);
			if (mask != null) NativeOps.relu(out);
		}

		@Override
		void backward(final INDArray[] in, final INDArray out, final INDArray gradOut,
			final INDArray[] gradIn)
		{
			if (mask != null) NativeStages.reluBackward(out, gradOut, mask);
			for (final INDArray g : gradIn)
				if (g != null) g.assign(gradOut);
		}

		@Override
		void forward(final INDArray in, final INDArray out) {
			out.assign(in);
		}

		@Override
		void backward(final INDArray in, final INDArray out, final INDArray gradOut,
			final INDArray gradIn)
		{
			if (gradIn != null) gradIn.assign(gradOut);
		}

		@Override
		long[] outShape(final long[] shape) {
			return shape.clone();
		}
	}

	/** DL4J's {@code ActivationLayer} with a ReLU. */
	static final class Relu extends Stage {

		private final Scratch mask;

		Relu(final List<Scratch> scratches) {
			mask = new Scratch();
			scratches.add(mask);
		}

		@Override
		void forward(final INDArray in, final INDArray out) {
			out.assign(in);
			NativeOps.relu(out);
		}

		@Override
		void backward(final INDArray in, final INDArray out, final INDArray gradOut,
			final INDArray gradIn)
		{
			if (gradIn == null) return;
			NativeStages.reluBackward(out, gradOut, mask);
			gradIn.assign(gradOut);
		}

		@Override
		long[] outShape(final long[] shape) {
			return shape.clone();
		}
	}
}
