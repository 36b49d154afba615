package autoencoderj.engine.network;

import java.util.List;

import autoencoderj.engine.network.NativeStages.Scratch;
import autoencoderj.engine.network.NativeStages.Stage;
import autoencoderj.engine.onednn.NativeOps;
import autoencoderj.engine.onednn.OneDnn;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling3D;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A 3-D upsampling by repetition (factors 1 or 2 per axis) and the "same"
 * convolution after it, computed on the low-resolution input, one small
 * convolution per output phase.
 * <p>
 * An output voxel {@code o = 2q + r} of a convolution over repeated voxels
 * reads low-resolution voxel {@code q + floor((r + k) / 2)} at kernel offset
 * {@code k}, so a 3-tap axis becomes, per phase {@code r}, 2 taps whose
 * weights are sums of the kernel's: 8 of the 27 multiplications of a 3x3x3
 * kernel per voxel, and the 8-times larger upsampled array is never made.
 * Each phase's result is written into every second voxel of the output; the
 * gradient of a kernel weight is the sum of the phase gradients of the taps
 * it was added into. oneDNN's kernels only: a phase's padding is one-sided.
 * </p>
 */
public final class SubPixelConv extends Stage {

	/** One output phase: its kernel taps per axis and which of the layer's kernel indices each sums. */
	private static final class Phase {

		final int[] r = new int[3], taps = new int[3];
		/** Per weight of the layer's kernel (z, y, x in raster order), the tap it is added into. */
		final int[] tapOf;
		final NativeOps.Window win;
		final INDArray w, gradW, gradB;

		Phase(final int p, final int[] factors, final int[] k, final int nOut, final int nIn,
			final boolean bias, final boolean training)
		{
			final int[] before = new int[3];
			final int[][] axisTap = new int[3][];
			for (int a = 0; a < 3; a++) {
				r[a] = factors[a] == 2 ? p >> 2 - a & 1 : 0;
				final int radius = k[a] / 2;
				final int lo = Math.floorDiv(r[a] - radius, factors[a]), hi = Math.floorDiv(r[a] + radius,
					factors[a]);
				taps[a] = hi - lo + 1;
				before[a] = -lo;
				axisTap[a] = new int[k[a]];
				for (int i = 0; i < k[a]; i++)
					axisTap[a][i] = Math.floorDiv(r[a] + i - radius, factors[a]) - lo;
			}
			tapOf = new int[k[0] * k[1] * k[2]];
			for (int z = 0; z < k[0]; z++)
				for (int y = 0; y < k[1]; y++)
					for (int x = 0; x < k[2]; x++)
						tapOf[(z * k[1] + y) * k[2] + x] = (axisTap[0][z] * taps[1] + axisTap[1][y]) * taps[2] +
							axisTap[2][x];
			win = new NativeOps.Window(taps, new int[] { 1, 1, 1 }, before, false, true);
			w = Nd4j.create(DataType.FLOAT, nOut, nIn, taps[0], taps[1], taps[2]);
			gradW = training ? w.like() : null;
			gradB = training && bias ? Nd4j.create(DataType.FLOAT, nOut) : null;
		}
	}

	private final int[] factors, k;
	private final int nIn, nOut;
	private final boolean relu;
	private final INDArray w, b, gradW, gradB;
	private final Phase[] phases;
	private final Scratch mask = new Scratch(), low = new Scratch(), gradLow = new Scratch(),
			gradInPhase = new Scratch();

	/** Whether {@code up} followed by {@code conv} is computed this way. */
	static boolean applies(final org.deeplearning4j.nn.conf.layers.Layer up,
		final org.deeplearning4j.nn.conf.layers.Layer conv)
	{
		if (!(up instanceof Upsampling3D) || conv.getClass() != Convolution3D.class || !OneDnn
			.available()) return false;
		final Convolution3D c = (Convolution3D) conv;
		for (int a = 0; a < 3; a++) {
			final int f = ((Upsampling3D) up).getSize()[a], kernel = c.getKernelSize()[a];
			if (f < 1 || f > 2 || kernel % 2 == 0 || c.getStride()[a] != 1 || c.getDilation()[a] != 1 ||
				c.getConvolutionMode() != ConvolutionMode.Same && c.getPadding()[a] != kernel / 2) return false;
		}
		return c.getDataFormat() == Convolution3D.DataFormat.NCDHW && ((Upsampling3D) up)
			.getDataFormat() == Convolution3D.DataFormat.NCDHW;
	}

	SubPixelConv(final Upsampling3D up, final ConvolutionLayer conf,
		final org.deeplearning4j.nn.api.Layer layer, final ParamViews params,
		final List<Scratch> scratches)
	{
		factors = up.getSize().clone();
		k = conf.getKernelSize().clone();
		nIn = (int) conf.getNIn();
		nOut = (int) conf.getNOut();
		relu = conf.getActivationFn() instanceof ActivationReLU;
		w = params.weights(layer.getParam("W"));
		gradW = params.gradients(layer.getParam("W"));
		final INDArray bias = conf.hasBias() ? layer.getParam("b") : null;
		b = bias == null ? null : params.weights(bias).reshape(nOut);
		final boolean training = params.gradients != null;
		gradB = bias == null || !training ? null : params.gradients(bias).reshape(nOut);
		phases = new Phase[factors[0] * factors[1] * factors[2]];
		int p = 0;
		for (int i = 0; i < 8; i++)
			if (((i >> 2 & 1) < factors[0]) && ((i >> 1 & 1) < factors[1]) && ((i & 1) < factors[2]))
				phases[p++] = new Phase(i, factors, k, nOut, nIn, b != null, training);
		for (final Scratch s : new Scratch[] { mask, low, gradLow, gradInPhase })
			scratches.add(s);
	}

	@Override
	void prepare(final float[] params) {
		final float[] layer = NativeStages.values(w);
		final int kk = phases[0].tapOf.length;
		for (final Phase ph : phases) {
			final int t = ph.taps[0] * ph.taps[1] * ph.taps[2];
			final float[] sum = new float[nOut * nIn * t];
			for (int oi = 0; oi < nOut * nIn; oi++)
				for (int i = 0; i < kk; i++)
					sum[oi * t + ph.tapOf[i]] += layer[oi * kk + i];
			NativeStages.put(sum, 0, ph.w);
		}
	}

	/** Every {@code factor}-th voxel of {@code full} from phase {@code ph}'s offset. */
	private INDArray phaseOf(final INDArray full, final Phase ph) {
		final INDArrayIndex[] at = new INDArrayIndex[5];
		at[0] = NDArrayIndex.all();
		at[4] = NDArrayIndex.all();
		for (int a = 0; a < 3; a++)
			at[1 + a] = factors[a] == 1 ? NDArrayIndex.all() : NDArrayIndex.interval(ph.r[a], 2L, full
				.size(1 + a));
		return full.get(at);
	}

	private long[] lowShape(final INDArray in) {
		return new long[] { in.size(0), in.size(1), in.size(2), in.size(3), nOut };
	}

	@Override
	void forward(final INDArray in, final INDArray out) {
		final INDArray y = low.shaped(lowShape(in));
		for (final Phase ph : phases) {
			NativeOps.conv(false, in, ph.w, b, ph.win, relu, y);
			phaseOf(out, ph).assign(y);
		}
	}

	@Override
	void backward(final INDArray in, final INDArray out, final INDArray gradOut,
		final INDArray gradIn)
	{
		if (relu) NativeStages.reluBackward(out, gradOut, mask);
		final INDArray g = gradLow.shaped(lowShape(in));
		final float[] foldedW = new float[(int) w.length()];
		final float[] foldedB = gradB == null ? null : new float[nOut];
		boolean first = true;
		for (final Phase ph : phases) {
			g.assign(phaseOf(gradOut, ph));
			final INDArray gi = gradIn == null ? null : first ? gradIn : gradInPhase.shaped(in.shape());
			NativeOps.convBackward(false, in, ph.w, b, g, ph.win, gi, ph.gradW, ph.gradB);
			if (gi != null && !first) gradIn.addi(gi);
			first = false;
			fold(ph, NativeStages.values(ph.gradW), foldedW);
			if (foldedB != null) {
				final float[] gb = NativeStages.values(ph.gradB);
				for (int o = 0; o < nOut; o++)
					foldedB[o] += gb[o];
			}
		}
		NativeStages.put(foldedW, 0, gradW);
		if (foldedB != null) NativeStages.put(foldedB, 0, gradB);
	}

	/** Adds a phase's tap gradients to every kernel weight summed into each tap. */
	private void fold(final Phase ph, final float[] tapGrad, final float[] into) {
		final int t = ph.taps[0] * ph.taps[1] * ph.taps[2], kk = ph.tapOf.length;
		for (int oi = 0; oi < nOut * nIn; oi++)
			for (int i = 0; i < kk; i++)
				into[oi * kk + i] += tapGrad[oi * t + ph.tapOf[i]];
	}

	@Override
	long[] outShape(final long[] s) {
		return new long[] { s[0], s[1] * factors[0], s[2] * factors[1], s[3] * factors[2], nOut };
	}
}
