package autoencoderj.app;

import java.util.List;
import java.util.function.BooleanSupplier;

import autoencoderj.engine.LayerGraph;
import autoencoderj.engine.tiles.TiledPredictor;
import autoencoderj.model.AutoencoderModel;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Takes a blind-spot model's overall brightness back to its input's. The
 * noise has mean zero, so a denoiser's output should have its input's mean;
 * the blind-spot loss, counted at a few masked pixels of each patch, barely
 * sees an epoch whose output is uniformly a little too bright or dark (a 3-D
 * run kept one 2.9 units too bright, 3 dB below the blur). After training the
 * network denoises up to {@value #MAX_VALUES} values of the training image,
 * and the difference of the means is subtracted from the last convolution's
 * bias, which is the same as subtracting it from every output value.
 */
final class OutputOffset {

	/** Values measured: their mean's noise is the noise's over a thousand or so, far below the offsets seen. */
	static final long MAX_VALUES = 1L << 21;

	private OutputOffset() {}

	/**
	 * Measures the offset on a window of {@code imp} and removes it from
	 * {@code model}'s network, unless the training was cancelled (a Stop, or
	 * a deadline, keeps a model and so gets it).
	 *
	 * @param training what ended the training: a {@link TrainingControl}'s
	 *          cancel skips this
	 * @return the offset removed, in normalised units; 0 when the network
	 *         ends in no linear convolution with a bias, the image is RGB or
	 *         the training was cancelled
	 */
	static double remove(final AutoencoderModel model, final ImagePlus imp,
		final BooleanSupplier training)
	{
		if (training instanceof TrainingControl && ((TrainingControl) training).cancelling()) return 0;
		final INDArray bias = lastBias(model);
		if (bias == null || imp.getType() == ImagePlus.COLOR_RGB || model.manifest().channels != 1)
			return 0;
		final ImagePlus window = window(model, imp);
		final ImagePlus out = Denoiser.denoise(model, "the model in training", window,
			TiledPredictor.DEFAULT_TILE, TiledPredictor.DEFAULT_BATCH, null, () -> false);
		double sum = 0;
		long n = 0;
		for (int p = 1; p <= window.getStackSize(); p++) {
			final ImageProcessor in = window.getStack().getProcessor(p), o = out.getStack().getProcessor(p);
			for (int i = 0; i < in.getPixelCount(); i++) {
				final double d = o.getf(i) - in.getf(i);
				if (Double.isFinite(d)) {
					sum += d;
					n++;
				}
			}
		}
		if (n == 0) return 0;
		final double offset = sum / n / (model.normalization().high() - model.normalization().low());
		bias.subi(offset);
		return offset;
	}

	/** The bias of the network's last convolution where it is linear, else {@code null}. */
	static INDArray lastBias(final AutoencoderModel model) {
		final List<LayerGraph.Node> nodes = LayerGraph.of(model.network()).nodes();
		for (int i = nodes.size() - 1; i >= 0; i--) {
			final LayerGraph.Node node = nodes.get(i);
			if (!(node.conf() instanceof ConvolutionLayer)) continue;
			if (!(((ConvolutionLayer) node.conf()).getActivationFn() instanceof ActivationIdentity))
				return null;
			return node.layer().paramTable().get("b");
		}
		return null;
	}

	/**
	 * At most {@link #MAX_VALUES} of the image: for a 2-D model, its middle
	 * x-y window on planes spread over the stack; for a 3-D model, the middle
	 * frame's first channel, a block of slices about the middle one, its middle
	 * x-y window; never smaller than a training patch.
	 */
	static ImagePlus window(final AutoencoderModel model, final ImagePlus imp) {
		final int patch = model.manifest().patch, w = imp.getWidth(), h = imp.getHeight();
		final boolean volumes = model.volumes();
		final int slices = imp.getNSlices();
		final int depth = volumes ? (int) Math.min(slices, Math.max(model.manifest().patchZ, MAX_VALUES /
			((long) patch * patch))) : 1;
		final int side = (int) Math.max(patch, Math.sqrt((double) MAX_VALUES / depth));
		final int cw = Math.min(w, side), ch = Math.min(h, side);
		final int x0 = (w - cw) / 2, y0 = (h - ch) / 2;
		final ImageStack stack = new ImageStack(cw, ch);
		if (volumes) {
			final int z0 = (slices - depth) / 2, t = (imp.getNFrames() + 1) / 2;
			for (int z = 0; z < depth; z++)
				stack.addSlice(null, crop(imp.getStack().getProcessor(imp.getStackIndex(1, z0 + z + 1, t)),
					x0, y0, cw, ch));
		}
		else {
			final int planes = (int) Math.max(1, Math.min(imp.getStackSize(), MAX_VALUES / ((long) cw *
				ch)));
			for (int k = 0; k < planes; k++)
				stack.addSlice(null, crop(imp.getStack().getProcessor(1 + (int) ((long) k * imp
					.getStackSize() / planes)), x0, y0, cw, ch));
		}
		final ImagePlus window = new ImagePlus(imp.getTitle(), stack);
		window.setDimensions(1, volumes ? depth : stack.getSize(), 1);
		window.setCalibration(imp.getCalibration());
		return window;
	}

	private static ImageProcessor crop(final ImageProcessor ip, final int x, final int y, final int w,
		final int h)
	{
		final ImageProcessor copy = ip.duplicate();
		copy.setRoi(x, y, w, h);
		return copy.crop().convertToFloatProcessor();
	}
}
