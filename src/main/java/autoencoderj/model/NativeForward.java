package autoencoderj.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Upsampling2d;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference of a convolutional network through libnd4j's own operations
 * ({@code conv2d}, {@code maxpool2d}, {@code upsampling2d}), which use oneDNN
 * where the native library has it, instead of DL4J's layer implementations.
 * <p>
 * Why: measured on a 512x512 tile (2 cores, AVX-512, oneDNN build), DL4J's
 * {@code ConvolutionLayer} took 880 ms for a 16-to-1-channel 3x3 convolution
 * that the {@code conv2d} operation computes in 15 ms. Layers it does not
 * know (transposed convolutions, loss layers' activations aside) are run by
 * DL4J itself, so the result is always the network's.
 * </p>
 */
public final class NativeForward {

	private NativeForward() {}

	/** The network's output for {@code input} ({@code [N, C, H, W]}), as {@code net.output(input, false)}. */
	public static INDArray output(final MultiLayerNetwork net, final INDArray input) {
		INDArray x = input;
		for (int i = 0; i < net.getnLayers(); i++) {
			final INDArray next = layer(net, i, x);
			// off-heap buffers are otherwise freed only when the garbage collector runs
			if (x != input && next != x && !next.isView() && x.closeable()) x.close();
			x = next;
		}
		return x;
	}

	/** Layer {@code i}'s activations for input {@code x}. */
	public static INDArray layer(final MultiLayerNetwork net, final int i, final INDArray x) {
		final Layer layer = net.getLayer(i);
		final org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
		if (conf.getClass() == ConvolutionLayer.class) return conv(layer, (ConvolutionLayer) conf, x);
		if (conf instanceof SubsamplingLayer && ((SubsamplingLayer) conf)
			.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX) return pool(
				(SubsamplingLayer) conf, x);
		if (conf instanceof Upsampling2D) {
			final int[] size = ((Upsampling2D) conf).getSize();
			return Nd4j.exec(new Upsampling2d(x, size[0], size[1], true))[0];
		}
		if (conf instanceof org.deeplearning4j.nn.conf.layers.CnnLossLayer) return activate(
			((org.deeplearning4j.nn.conf.layers.CnnLossLayer) conf).getActivationFn(), x, layer);
		return layer.activate(x, false, LayerWorkspaceMgr.noWorkspaces());
	}

	private static INDArray conv(final Layer layer, final ConvolutionLayer conf, final INDArray x) {
		final int[] k = conf.getKernelSize(), s = conf.getStride(), p = conf.getPadding(), d = conf
			.getDilation();
		final boolean same = conf.getConvolutionMode() == ConvolutionMode.Same;
		final Conv2DConfig cfg = Conv2DConfig.builder().kH(k[0]).kW(k[1]).sH(s[0]).sW(s[1]).pH(p[0])
			.pW(p[1]).dH(d[0]).dW(d[1]).paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID)
			.weightsFormat(WeightsFormat.OIYX).build();
		final INDArray w = layer.getParam("W"), b = conf.hasBias() ? layer.getParam("b").reshape(-1)
			: null;
		final INDArray[] in = b == null ? new INDArray[] { x, w } : new INDArray[] { x, w, b };
		return activate(conf.getActivationFn(), Nd4j.exec(new Conv2D(in, null, cfg))[0], layer);
	}

	private static INDArray pool(final SubsamplingLayer conf, final INDArray x) {
		final int[] k = conf.getKernelSize(), s = conf.getStride(), p = conf.getPadding();
		final boolean same = conf.getConvolutionMode() == ConvolutionMode.Same;
		return Nd4j.exec(new MaxPooling2D(x, Pooling2DConfig.builder().kH(k[0]).kW(k[1]).sH(s[0]).sW(
			s[1]).pH(p[0]).pW(p[1]).paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID).build()))[0];
	}

	private static INDArray activate(final IActivation fn, final INDArray x, final Layer layer) {
		return fn.getActivation(x, false);
	}
}
