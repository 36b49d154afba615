package autoencoderj.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.VolumeSpec;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Show Layer Outputs for a 3-D model: a block of slices about the current
 * one (as deep as the network pools in z, at least {@link #DEPTH}) and its
 * middle {@link #MAX_SIDE} pixels go through the network, and each layer's
 * maps are shown at the block's middle slice (a map per slice of the stack).
 * A 3-D layer holds depth times the maps of a 2-D one, hence the smaller crop.
 */
final class VolumeLayerOutputs {

	static final int MAX_SIDE = 128, DEPTH = 8;

	private VolumeLayerOutputs() {}

	static List<ImagePlus> of(final AutoencoderModel model, final String modelName,
		final ImagePlus imp)
	{
		VolumeDenoiser.check(model, modelName, imp);
		final VolumeSpec spec = model.volumeSpec();
		final int unit = 1 << spec.depth(), zUnit = spec.plan().zUnit();
		final int slices = imp.getNSlices();
		final int d = Math.min(slices, Math.max(DEPTH, zUnit)) / zUnit * zUnit;
		if (d < zUnit) throw new IllegalArgumentException("'" + imp.getTitle() + "' has " + slices +
			" slices; the model " + modelName + " pools z down to one voxel over " + zUnit + " slices, " +
			"so its layers need at least " + zUnit + ".");
		final int w = Math.min(MAX_SIDE, imp.getWidth()) / unit * unit;
		final int h = Math.min(MAX_SIDE, imp.getHeight()) / unit * unit;
		Nd4jRuntime.ensureReady();
		final int z0 = Math.max(0, Math.min(slices - d, imp.getZ() - 1 - d / 2));
		final int x0 = (imp.getWidth() - w) / 2, y0 = (imp.getHeight() - h) / 2;
		final float[] px = new float[d * h * w];
		for (int z = 0; z < d; z++) {
			final ij.process.ImageProcessor ip = imp.getStack().getProcessor(imp.getStackIndex(imp.getC(),
				z0 + z + 1, imp.getT()));
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					px[(z * h + y) * w + x] = (float) model.normalization().normalize(ip.getf(x0 + x, y0 + y));
		}
		final INDArray input = Nd4j.create(px, new long[] { 1, 1, d, h, w }, 'c');
		final List<ImagePlus> stacks = new ArrayList<>();
		int layer = 1;
		for (final Map.Entry<String, INDArray> e : activations(model.network(), input))
			stacks.add(stack(e.getValue(), layer++, e.getKey(), z0 + d / 2 + 1, imp.getTitle()));
		return stacks;
	}

	/** Each layer's (and vertex's) name or kind with its output, in the order computed. */
	private static List<Map.Entry<String, INDArray>> activations(final Model net, final INDArray x) {
		final List<Map.Entry<String, INDArray>> out = new ArrayList<>();
		if (net instanceof MultiLayerNetwork) {
			final MultiLayerNetwork mln = (MultiLayerNetwork) net;
			final List<INDArray> all = mln.feedForward(x, false);
			for (int l = 1; l < all.size(); l++)
				out.add(Map.entry(mln.getLayer(l - 1).conf().getLayer().getClass().getSimpleName(), all.get(
					l)));
			return out;
		}
		final ComputationGraph graph = (ComputationGraph) net;
		final Map<String, INDArray> all = graph.feedForward(x, false);
		for (final int v : graph.topologicalSortOrder()) {
			final org.deeplearning4j.nn.graph.vertex.GraphVertex vertex = graph.getVertices()[v];
			if (vertex.isInputVertex() || !all.containsKey(vertex.getVertexName())) continue;
			final String kind = vertex.hasLayer() ? vertex.getLayer().conf().getLayer().getClass()
				.getSimpleName() : vertex.getClass().getSimpleName();
			out.add(Map.entry(kind, all.get(vertex.getVertexName())));
		}
		return out;
	}

	/** The maps of {@code act} ({@code [1, C, D, H, W]}) at their middle depth, a slice each. */
	private static ImagePlus stack(final INDArray act, final int layer, final String kind,
		final int slice, final String title)
	{
		final int c = (int) act.size(1), depth = (int) act.size(2), h = (int) act.size(3), w = (int) act
			.size(4);
		final ImageStack stack = new ImageStack(w, h);
		for (int ch = 0; ch < c; ch++) {
			final float[] px = act.get(NDArrayIndex.point(0), NDArrayIndex.point(ch), NDArrayIndex.point(
				depth / 2)).dup('c').data().asFloat();
			stack.addSlice("layer " + layer + " " + kind + " channel " + (ch + 1), new FloatProcessor(w, h,
				px));
		}
		final ImagePlus imp = new ImagePlus(String.format("layer %d: %s, %d map%s of %dx%dx%d about " +
			"slice %d, of %s", layer, kind, c, c == 1 ? "" : "s", w, h, depth, slice, title), stack);
		imp.resetDisplayRange();
		return imp;
	}
}
