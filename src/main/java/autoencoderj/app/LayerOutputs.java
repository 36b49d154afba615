package autoencoderj.app;

import java.util.ArrayList;
import java.util.List;

import autoencoderj.convert.ImagePluses;
import autoencoderj.engine.LayerGraph;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.network.NativeForward;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.ModelMismatchException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The activations of every layer of a convolutional model for one slice of an
 * image, as one stack per layer, each feature map a slice labelled with the
 * layer and channel; a 3-D model's go to {@link VolumeLayerOutputs}.
 */
public final class LayerOutputs {

	/** Largest side shown: feature maps of larger crops would fill memory with windows. */
	public static final int MAX_SIDE = 512;

	private LayerOutputs() {}

	/**
	 * Runs the current slice of {@code imp} (its largest centred crop that the
	 * network takes, at most {@value #MAX_SIDE} pixels a side) through the
	 * model, layer by layer.
	 */
	public static List<ImagePlus> of(final AutoencoderModel model, final String modelName,
		final ImagePlus imp)
	{
		ImagePluses.checkSupported(imp);
		if (model.manifest().channels > 1) throw new ModelMismatchException("The model " + modelName +
			" takes " + model.manifest().channels + " input channels; Show Layer Outputs runs one " +
			"channel through a network. Use it with a model of one input channel.");
		if (model.volumes()) return VolumeLayerOutputs.of(model, modelName, imp);
		if (!model.convolutional()) throw new ModelMismatchException("The model " + modelName +
			" is dense: its layers are not images. Show Layer Outputs needs a convolutional model " +
			"(Train Autoencoder with architecture=convolutional).");
		ModelFit.check(model, modelName, imp);
		Nd4jRuntime.ensureReady();
		final ConvSpec spec = model.convSpec();
		final int w = spec.fittingSize(Math.min(MAX_SIDE, imp.getWidth()));
		final int h = spec.fittingSize(Math.min(MAX_SIDE, imp.getHeight()));
		final ImageProcessor ip = imp.getProcessor().duplicate();
		ip.setRoi((imp.getWidth() - w) / 2, (imp.getHeight() - h) / 2, w, h);
		final float[] px = (float[]) ip.crop().convertToFloatProcessor().getPixels();
		for (int i = 0; i < px.length; i++)
			px[i] = (float) model.normalization().normalize(px[i]);
		final INDArray x = Nd4j.create(px, new long[] { 1, 1, h, w }, 'c');
		final List<ImagePlus> stacks = new ArrayList<>();
		final List<INDArray> outputs = NativeForward.activations(model.network(), x);
		final List<String> kinds = LayerGraph.of(model.network()).kinds();
		for (int l = 0; l < outputs.size(); l++)
			stacks.add(stack(outputs.get(l), l + 1, kinds.get(l), imp.getTitle()));
		return stacks;
	}

	private static ImagePlus stack(final INDArray act, final int layer, final String kind,
		final String title)
	{
		final int c = (int) act.size(1), h = (int) act.size(2), w = (int) act.size(3);
		final INDArray maps = act.dup('c');
		final ImageStack stack = new ImageStack(w, h);
		for (int ch = 0; ch < c; ch++) {
			final float[] px = maps.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
				org.nd4j.linalg.indexing.NDArrayIndex.point(ch)).dup('c').data().asFloat();
			stack.addSlice("layer " + layer + " " + kind + " channel " + (ch + 1), new FloatProcessor(w, h,
				px));
		}
		final ImagePlus imp = new ImagePlus(String.format("layer %d: %s, %d map%s of %dx%d, of %s", layer,
			kind, c, c == 1 ? "" : "s", w, h, title), stack);
		imp.resetDisplayRange();
		return imp;
	}
}
