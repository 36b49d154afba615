package autoencoderj.engine;

import java.util.List;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The parts of a {@link NativeNetwork} that need nothing of it: the stage
 * contract, pooling and upsampling stages, reused scratch arrays and the
 * buffers of one batch shape.
 */
final class NativeStages {

	private NativeStages() {}

	/** One DL4J layer (or two, fused), forward and backward, on channels-last arrays. */
	abstract static class Stage {

		/** Called before each step's forward pass, with the current parameters. */
		void prepare(final float[] params) {}

		/** {@code out} = this layer of {@code in}. */
		abstract void forward(INDArray in, INDArray out);

		/**
		 * @param in the layer's input, {@code out} its output
		 * @param gradOut dLoss/d{@code out}, may be overwritten
		 * @param gradIn receives dLoss/d{@code in}, or {@code null} when not needed
		 */
		abstract void backward(INDArray in, INDArray out, INDArray gradOut, INDArray gradIn);

		/** The output shape for an input of {@code shape} ([N, H, W, C]). */
		abstract long[] outShape(long[] shape);
	}

	/** An array reused while the shape it is asked for stays the same. */
	static final class Scratch {

		private INDArray array;

		INDArray shaped(final long... shape) {
			if (array == null || !java.util.Arrays.equals(array.shape(), shape)) {
				if (array != null) array.close();
				array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
			}
			return array;
		}

		void close() {
			if (array != null) array.close();
		}
	}

	/** dLoss/dz of a ReLU in place: kept where its output is positive (DL4J: where z > 0). */
	static void reluBackward(final INDArray out, final INDArray gradOut, final Scratch mask) {
		// sign and multiply: faster than libnd4j's relu_bp on these arrays
		final INDArray m = mask.shaped(out.shape());
		Nd4j.exec(new Sign(out, m));
		gradOut.muli(m);
	}

	static final class MaxPool extends Stage {

		private final NativeOps.Window win;

		MaxPool(final SubsamplingLayer conf) {
			win = new NativeOps.Window(conf.getKernelSize(), conf.getStride(), conf.getPadding(), conf
				.getConvolutionMode() == ConvolutionMode.Same, true);
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
			return new long[] { s[0], win.outH(s[1]), win.outW(s[2]), s[3] };
		}
	}

	static final class Upsample extends Stage {

		private final int fH, fW;

		Upsample(final Upsampling2D conf) {
			fH = conf.getSize()[0];
			fW = conf.getSize()[1];
		}

		@Override
		void forward(final INDArray in, final INDArray out) {
			NativeOps.upsampling2d(in, fH, fW, true, out);
		}

		@Override
		void backward(final INDArray in, final INDArray out, final INDArray gradOut,
			final INDArray gradIn)
		{
			if (gradIn != null) NativeOps.upsampling2dBackward(in, gradOut, true, gradIn);
		}

		@Override
		long[] outShape(final long[] s) {
			return new long[] { s[0], s[1] * fH, s[2] * fW, s[3] };
		}
	}

	/** Buffers for one batch size: activations and their gradients per stage. */
	static final class Buffers {

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

}
