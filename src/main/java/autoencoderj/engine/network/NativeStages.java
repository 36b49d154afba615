package autoencoderj.engine.network;

import java.util.List;

import autoencoderj.engine.onednn.NativeOps;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The parts of a {@link NativeNetwork} that need nothing of it: the stage
 * contract, pooling, upsampling and concatenation stages, reused scratch
 * arrays and the buffers of one batch shape.
 */
public final class NativeStages {

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

		/** {@link #forward(INDArray, INDArray)} of a stage that may read several activations. */
		void forward(final INDArray[] in, final INDArray out) {
			forward(in[0], out);
		}

		/** {@link #backward(INDArray, INDArray, INDArray, INDArray)}, one input gradient per input. */
		void backward(final INDArray[] in, final INDArray out, final INDArray gradOut,
			final INDArray[] gradIn)
		{
			backward(in[0], out, gradOut, gradIn[0]);
		}

		long[] outShape(final long[][] shapes) {
			return outShape(shapes[0]);
		}
	}

	/** DL4J's {@code MergeVertex}: the inputs' channels one after the other. */
	static final class Concat extends Stage {

		@Override
		void forward(final INDArray[] in, final INDArray out) {
			long from = 0;
			for (final INDArray x : in) {
				out.get(channels(x.rank(), from, x.size(-1))).assign(x);
				from += x.size(-1);
			}
		}

		@Override
		void backward(final INDArray[] in, final INDArray out, final INDArray gradOut,
			final INDArray[] gradIn)
		{
			long from = 0;
			for (int k = 0; k < in.length; k++) {
				if (gradIn[k] != null) gradIn[k].assign(gradOut.get(channels(gradOut.rank(), from, in[k]
					.size(-1))));
				from += in[k].size(-1);
			}
		}

		/** Channels {@code from} to {@code from + count} of a channels-last array of {@code rank}. */
		private static INDArrayIndex[] channels(final int rank, final long from, final long count) {
			final INDArrayIndex[] at = new INDArrayIndex[rank];
			java.util.Arrays.fill(at, NDArrayIndex.all());
			at[rank - 1] = NDArrayIndex.interval(from, from + count);
			return at;
		}

		@Override
		long[] outShape(final long[][] shapes) {
			final long[] s = shapes[0].clone();
			final int c = s.length - 1;
			for (int k = 1; k < shapes.length; k++)
				s[c] += shapes[k][c];
			return s;
		}

		@Override
		void forward(final INDArray in, final INDArray out) {
			forward(new INDArray[] { in }, out);
		}

		@Override
		void backward(final INDArray in, final INDArray out, final INDArray gradOut,
			final INDArray gradIn)
		{
			backward(new INDArray[] { in }, out, gradOut, new INDArray[] { gradIn });
		}

		@Override
		long[] outShape(final long[] shape) {
			return shape.clone();
		}
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

	/**
	 * {@code v[from...]} into the contiguous array or view {@code to}, in one
	 * copy (making an array of {@code v} first copies value by value).
	 */
	static void put(final float[] v, final int from, final INDArray to) {
		final java.nio.FloatBuffer b = to.data().asNioFloat();
		b.position((int) to.offset());
		b.put(v, from, (int) to.length());
	}

	/**
	 * The values of the contiguous array or view {@code a}, in one copy
	 * ({@code data().asFloat()} reads value by value).
	 */
	public static float[] values(final INDArray a) {
		final float[] v = new float[(int) a.length()];
		final java.nio.FloatBuffer b = a.data().asNioFloat();
		b.position((int) a.offset());
		b.get(v);
		return v;
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

		MaxPool(final Subsampling3DLayer conf) {
			win = new NativeOps.Window(conf.getKernelSize(), conf.getStride(), conf.getPadding(), conf
				.getConvolutionMode() == ConvolutionMode.Same, true);
		}

		@Override
		void forward(final INDArray in, final INDArray out) {
			NativeOps.maxPool(in, win, out);
		}

		@Override
		void backward(final INDArray in, final INDArray out, final INDArray gradOut,
			final INDArray gradIn)
		{
			if (gradIn != null) NativeOps.maxPoolBackward(in, gradOut, win, gradIn);
		}

		@Override
		long[] outShape(final long[] s) {
			return win.outShape(s, s[s.length - 1], false);
		}
	}

	/** Nearest-neighbour upsampling, 2-D or 3-D. */
	static final class Upsample extends Stage {

		private final int[] factors;

		Upsample(final int[] factors) {
			this.factors = factors.clone();
		}

		@Override
		void forward(final INDArray in, final INDArray out) {
			NativeOps.upsampling(in, factors, out);
		}

		@Override
		void backward(final INDArray in, final INDArray out, final INDArray gradOut,
			final INDArray gradIn)
		{
			if (gradIn != null) NativeOps.upsamplingBackward(in, gradOut, gradIn);
		}

		@Override
		long[] outShape(final long[] s) {
			final long[] y = s.clone();
			for (int a = 0; a < factors.length; a++)
				y[1 + a] *= factors[a];
			return y;
		}
	}

	/** The shapes of the input (first) and of every stage's output, for an input of {@code inShape}. */
	static long[][] shapes(final List<Stage> stages, final int[][] inputs, final long[] inShape) {
		final long[][] shapes = new long[stages.size() + 1][];
		shapes[0] = inShape;
		for (int i = 0; i < stages.size(); i++) {
			final long[][] in = new long[inputs[i].length][];
			for (int k = 0; k < in.length; k++)
				in[k] = shapes[inputs[i][k]];
			shapes[i + 1] = stages.get(i).outShape(in);
		}
		return shapes;
	}

	/**
	 * Buffers for one batch size: activations and their gradients per stage,
	 * and for activations that several stages read, a second gradient buffer
	 * that each reader after the first writes into before it is added.
	 */
	public static final class Buffers {

		public final INDArray[] act, grad, more;
		public final float[] z, d, e;
		public final int outValues;

		/** @param adds per stage and input, whether that reader's gradient is added (see NativeNetwork) */
		Buffers(final List<Stage> stages, final int[][] inputs, final boolean[][] adds,
			final long[] inShape)
		{
			final long[][] shapes = shapes(stages, inputs, inShape);
			final boolean[] summed = new boolean[shapes.length];
			for (int i = 0; i < inputs.length; i++)
				for (int k = 0; k < inputs[i].length; k++)
					summed[inputs[i][k]] |= adds[i][k];
			act = new INDArray[shapes.length];
			grad = new INDArray[shapes.length];
			more = new INDArray[shapes.length];
			for (int i = 0; i < shapes.length; i++) {
				act[i] = Nd4j.createUninitialized(DataType.FLOAT, shapes[i], 'c');
				// the network's input needs no gradient
				if (i == 0) continue;
				grad[i] = Nd4j.createUninitialized(DataType.FLOAT, shapes[i], 'c');
				if (summed[i]) more[i] = Nd4j.createUninitialized(DataType.FLOAT, shapes[i], 'c');
			}
			final int n = (int) act[shapes.length - 1].length();
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
			for (final INDArray g : more)
				if (g != null) g.close();
		}
	}

}
