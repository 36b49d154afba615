package autoencoderj.engine.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One convolution geometry (batch, sizes, channels, kernel, stride, padding),
 * 2-D or 3-D, computed by oneDNN directly, on channels-last arrays and DL4J's
 * {@code [oC, iC, kH, kW]} (or {@code [oC, iC, kD, kH, kW]}) weights, forward and backward.
 * <p>
 * libnd4j reaches the same library, but asks for its direct kernels in the
 * forward pass and the weight gradient, and converts every backward call's
 * arrays to a blocked layout and back. Here a 3x3 stride-1 convolution over
 * enough channels and pixels uses oneDNN's Winograd kernels where the
 * processor has them (AVX-512; about half the time of the direct ones on the
 * U-Net's layers), and every other one the direct kernels on the
 * channels-last arrays as they are, with no conversion. Which it is depends
 * only on the geometry and on the kernels the processor offers, never on a
 * timing, so the same machine always computes the same numbers.
 * </p>
 * <p>
 * Not thread-safe: a plan owns the buffers its kernels' layouts need; {@link OneDnn} keeps
 * one set of plans per thread.
 * </p>
 */
final class OneDnnConv implements AutoCloseable {

	/** Winograd's 4x4 output tiles waste less than half a tile per side from 8 pixels on. */
	private static final int WINOGRAD_MIN_SIDE = 8, WINOGRAD_MIN_CHANNELS = 16;

	/**
	 * The geometry of a 2-D or 3-D convolution, flattened for equality:
	 * {@code [N, C, O, r, in[r], out[r], kernel[r], stride[r], padding before[r]]},
	 * {@code r} space axes, and whether it has a bias.
	 */
	static final class Geometry {

		final long[] g;
		final boolean bias;
		final int rank;

		Geometry(final long[] x, final long[] y, final NativeOps.Window win, final boolean bias) {
			rank = win.rank();
			g = new long[4 + 5 * rank];
			g[0] = x[0];
			g[1] = x[rank + 1];
			g[2] = y[rank + 1];
			g[3] = rank;
			for (int a = 0; a < rank; a++) {
				g[4 + a] = x[1 + a];
				g[4 + rank + a] = y[1 + a];
				g[4 + 2 * rank + a] = win.k[a];
				g[4 + 3 * rank + a] = win.s[a];
				g[4 + 4 * rank + a] = win.same ? Math.max(0, (y[1 + a] - 1) * win.s[a] + win.k[a] - x[1 +
					a]) / 2 : win.p[a];
			}
			this.bias = bias;
		}

		/** Per space axis: from {@code what} 0 the input size, 1 output, 2 kernel, 3 stride, 4 padding before. */
		long[] axes(final int what) {
			return java.util.Arrays.copyOfRange(g, 4 + what * rank, 4 + (what + 1) * rank);
		}

		/** The padding after each axis's end (negative where input pixels would be dropped). */
		long[] padAfter() {
			final long[] in = axes(0), out = axes(1), k = axes(2), s = axes(3), p = axes(4);
			final long[] after = new long[rank];
			for (int a = 0; a < rank; a++)
				after[a] = (out[a] - 1) * s[a] + k[a] - in[a] - p[a];
			return after;
		}

		long[] srcDims() {
			return dims(g[1], axes(0));
		}

		long[] dstDims() {
			return dims(g[2], axes(1));
		}

		long[] weightDims() {
			final long[] d = new long[2 + rank];
			d[0] = g[2];
			d[1] = g[1];
			System.arraycopy(axes(2), 0, d, 2, rank);
			return d;
		}

		private long[] dims(final long channels, final long[] space) {
			final long[] d = new long[2 + rank];
			d[0] = g[0];
			d[1] = channels;
			System.arraycopy(space, 0, d, 2, rank);
			return d;
		}

		/** oneDNN has Winograd kernels for 2-D convolutions only. */
		boolean winograd() {
			final long[] out = axes(1), k = axes(2), s = axes(3);
			return rank == 2 && k[0] == 3 && k[1] == 3 && s[0] == 1 && s[1] == 1 &&
				g[1] >= WINOGRAD_MIN_CHANNELS && g[2] >= WINOGRAD_MIN_CHANNELS &&
				out[0] >= WINOGRAD_MIN_SIDE && out[1] >= WINOGRAD_MIN_SIDE;
		}

		@Override
		public boolean equals(final Object o) {
			return o instanceof Geometry && ((Geometry) o).bias == bias && java.util.Arrays.equals(
				((Geometry) o).g, g);
		}

		@Override
		public int hashCode() {
			return java.util.Arrays.hashCode(g) * 2 + (bias ? 1 : 0);
		}

		@Override
		public String toString() {
			return java.util.Arrays.toString(g) + (bias ? " with bias" : "");
		}
	}

	/** A native address as a pointer javacpp passes on as it is. */
	private static final class Address extends Pointer {

		Address(final long address) {
			this.address = address;
		}
	}

	/**
	 * The address of a contiguous float array or view's first value: a view's
	 * buffer already starts at the view's offset into its parent's.
	 */
	static long address(final INDArray a) {
		return a.data().addressPointer().address() + 4 * (a.offset() - a.data().offset());
	}

	/**
	 * An array as the caller holds it, and as a kernel wants it: the same
	 * memory when the layouts agree, else a buffer of the kernel's and a
	 * conversion to or from it.
	 */
	private final class Operand {

		final memory user, kernel;
		final reorder convert;

		Operand(final memory.desc user, final memory.desc kernel, final boolean in) {
			this.user = keep(new memory(user, OneDnn.engine(), (Pointer) null));
			if (user.equals(kernel)) {
				this.kernel = this.user;
				convert = null;
			}
			else {
				this.kernel = keep(new memory(kernel, OneDnn.engine()));
				convert = keep(in ? new reorder(this.user, this.kernel) : new reorder(this.kernel,
					this.user));
			}
		}

		/** Points at {@code a} and converts it into the kernel's layout. */
		memory in(final INDArray a) {
			user.set_data_handle(new Address(address(a)));
			if (convert != null) convert.execute(OneDnn.stream(), user, kernel);
			return kernel;
		}

		/** Points at {@code a}; {@link #done} converts the kernel's result into it. */
		memory out(final INDArray a) {
			user.set_data_handle(new Address(address(a)));
			return kernel;
		}

		void done() {
			if (convert != null) convert.execute(OneDnn.stream(), kernel, user);
		}
	}

	private final List<Pointer> owned = new ArrayList<>();
	private final Geometry geometry;
	private final memory.desc src, weights, bias, dst;
	private final long[] srcDims, weightDims, dstDims;
	private final long[] strides, padL, padR;
	private final algorithm alg;
	private final convolution_forward.primitive_desc forwardDesc;
	private convolution_forward.desc forwardOp;
	/** The forward pass as it is, and with a ReLU applied to its output as it is written. */
	private Forward plain, relu;
	private convolution_backward_data backwardData;
	private Operand bdDiffDst, bdWeights, bdDiffSrc;
	private convolution_backward_weights backwardWeights;
	private Operand bwSrc, bwDiffDst, bwDiffWeights, bwDiffBias;

	private <T extends Pointer> T keep(final T p) {
		owned.add(p);
		return p;
	}

	private static memory.desc desc(final long[] dims, final memory.format_tag tag) {
		return new memory.desc(dims, memory.data_type.f32, tag);
	}

	/**
	 * The plan for {@code geometry}.
	 *
	 * @throws RuntimeException where oneDNN has no kernel for it (the caller falls back to libnd4j)
	 */
	OneDnnConv(final Geometry geometry) {
		this.geometry = geometry;
		final long[] g = geometry.g;
		padR = geometry.padAfter();
		for (final long p : padR)
			if (p < 0) throw new IllegalArgumentException("padding that drops input pixels: " + geometry);
		final boolean three = geometry.rank == 3;
		srcDims = geometry.srcDims();
		dstDims = geometry.dstDims();
		weightDims = geometry.weightDims();
		src = keep(desc(srcDims, three ? memory.format_tag.ndhwc : memory.format_tag.nhwc));
		dst = keep(desc(dstDims, three ? memory.format_tag.ndhwc : memory.format_tag.nhwc));
		weights = keep(desc(weightDims, three ? memory.format_tag.oidhw : memory.format_tag.oihw));
		bias = geometry.bias ? keep(desc(new long[] { g[2] }, memory.format_tag.x)) : null;
		strides = geometry.axes(3);
		padL = geometry.axes(4);
		convolution_forward.primitive_desc pd = null;
		algorithm chosen = algorithm.convolution_direct;
		if (geometry.winograd()) try {
			pd = forwardDesc(algorithm.convolution_winograd);
			chosen = algorithm.convolution_winograd;
		}
		catch (final RuntimeException noWinograd) {
			// a processor without AVX-512: the direct kernels
		}
		alg = chosen;
		forwardDesc = pd != null ? pd : forwardDesc(alg);
	}

	/** Any layout where Winograd's kernels choose theirs; channels-last for the direct ones. */
	private memory.desc any(final memory.desc d) {
		return alg == algorithm.convolution_winograd || d == weights ? keep(desc(dims(d),
			memory.format_tag.any)) : d;
	}

	private long[] dims(final memory.desc d) {
		return d == src ? srcDims : d == dst ? dstDims : weightDims;
	}

	private convolution_forward.primitive_desc forwardDesc(final algorithm a) {
		final boolean wino = a == algorithm.convolution_winograd;
		final memory.desc s = wino ? keep(desc(srcDims, memory.format_tag.any)) : src, d = wino
			? keep(desc(dstDims, memory.format_tag.any)) : dst, w = keep(desc(weightDims,
				memory.format_tag.any));
		forwardOp = keep(bias != null ? new convolution_forward.desc(prop_kind.forward_training, a, s,
			w, bias, d, strides, padL, padR) : new convolution_forward.desc(prop_kind.forward_training,
				a, s, w, d, strides, padL, padR));
		return keep(new convolution_forward.primitive_desc(forwardOp, OneDnn.engine()));
	}

	boolean winograd() {
		return alg == algorithm.convolution_winograd;
	}

	/** One forward primitive and its operands. */
	private final class Forward {

		final convolution_forward conv;
		final Operand src, weights, bias, dst;

		Forward(final convolution_forward.primitive_desc pd) {
			conv = keep(new convolution_forward(pd));
			src = new Operand(OneDnnConv.this.src, pd.src_desc(), true);
			weights = new Operand(OneDnnConv.this.weights, pd.weights_desc(), true);
			dst = new Operand(OneDnnConv.this.dst, pd.dst_desc(), false);
			bias = OneDnnConv.this.bias != null ? new Operand(OneDnnConv.this.bias,
				OneDnnConv.this.bias, true) : null;
		}
	}

	/** {@code y = conv(x, w) + b}, or its ReLU when {@code relu}: one pass over {@code y}, not two. */
	void forward(final INDArray x, final INDArray w, final INDArray b, final INDArray y,
		final boolean withRelu)
	{
		if (withRelu && relu == null) {
			final post_ops ops = keep(new post_ops());
			ops.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
			final primitive_attr attr = keep(new primitive_attr());
			attr.set_post_ops(ops);
			relu = new Forward(keep(new convolution_forward.primitive_desc(forwardOp, attr, OneDnn
				.engine())));
		}
		if (!withRelu && plain == null) plain = new Forward(forwardDesc);
		final Forward f = withRelu ? relu : plain;
		final IntMemoryMap args = new IntMemoryMap();
		args.put(DNNL_ARG_SRC, f.src.in(x));
		args.put(DNNL_ARG_WEIGHTS, f.weights.in(w));
		if (f.bias != null) args.put(DNNL_ARG_BIAS, f.bias.in(b));
		args.put(DNNL_ARG_DST, f.dst.out(y));
		run(f.conv, args, f.dst);
	}

	/** dLoss/dx into {@code gradX} (none when {@code null}), dLoss/dw and dLoss/db. */
	void backward(final INDArray x, final INDArray w, final INDArray gradOut, final INDArray gradX,
		final INDArray gradW, final INDArray gradB)
	{
		if (gradX != null) backwardData(w, gradOut, gradX);
		backwardWeights(x, gradOut, gradW, gradB);
	}

	private void backwardData(final INDArray w, final INDArray gradOut, final INDArray gradX) {
		if (backwardData == null) {
			final convolution_backward_data.desc d = keep(new convolution_backward_data.desc(alg, any(
				src), any(weights), any(dst), strides, padL, padR));
			final convolution_backward_data.primitive_desc pd = keep(
				new convolution_backward_data.primitive_desc(d, OneDnn.engine(), forwardDesc));
			backwardData = keep(new convolution_backward_data(pd));
			bdDiffDst = new Operand(dst, pd.diff_dst_desc(), true);
			bdWeights = new Operand(weights, pd.weights_desc(), true);
			bdDiffSrc = new Operand(src, pd.diff_src_desc(), false);
		}
		final IntMemoryMap args = new IntMemoryMap();
		args.put(DNNL_ARG_DIFF_DST, bdDiffDst.in(gradOut));
		args.put(DNNL_ARG_WEIGHTS, bdWeights.in(w));
		args.put(DNNL_ARG_DIFF_SRC, bdDiffSrc.out(gradX));
		run(backwardData, args, bdDiffSrc);
	}

	private void backwardWeights(final INDArray x, final INDArray gradOut, final INDArray gradW,
		final INDArray gradB)
	{
		if (backwardWeights == null) {
			final convolution_backward_weights.desc d = keep(bias != null
				? new convolution_backward_weights.desc(alg, any(src), any(weights), bias, any(dst),
					strides, padL, padR)
				: new convolution_backward_weights.desc(alg, any(src), any(weights), any(dst), strides,
					padL, padR));
			final convolution_backward_weights.primitive_desc pd = keep(
				new convolution_backward_weights.primitive_desc(d, OneDnn.engine(), forwardDesc));
			backwardWeights = keep(new convolution_backward_weights(pd));
			bwSrc = new Operand(src, pd.src_desc(), true);
			bwDiffDst = new Operand(dst, pd.diff_dst_desc(), true);
			bwDiffWeights = new Operand(weights, pd.diff_weights_desc(), false);
			if (bias != null) bwDiffBias = new Operand(bias, bias, false);
		}
		final IntMemoryMap args = new IntMemoryMap();
		args.put(DNNL_ARG_SRC, bwSrc.in(x));
		args.put(DNNL_ARG_DIFF_DST, bwDiffDst.in(gradOut));
		args.put(DNNL_ARG_DIFF_WEIGHTS, bwDiffWeights.out(gradW));
		// the bias gradient's layout is the caller's: written in place, nothing to convert
		if (bwDiffBias != null) args.put(DNNL_ARG_DIFF_BIAS, bwDiffBias.out(gradB));
		run(backwardWeights, args, bwDiffWeights);
	}

	/** Runs {@code p} and converts its result into the caller's array, before returning. */
	private static void run(final primitive p, final IntMemoryMap args, final Operand result) {
		try {
			p.execute(OneDnn.stream(), args);
			result.done();
			OneDnn.stream()._wait();
		}
		finally {
			args.close();
		}
	}

	@Override
	public String toString() {
		return geometry + (winograd() ? ", Winograd" : ", direct");
	}

	@Override
	public void close() {
		for (int i = owned.size() - 1; i >= 0; i--)
			owned.get(i).close();
		owned.clear();
	}
}
