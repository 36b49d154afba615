package autoencoderj.app;

import java.util.List;

import autoencoderj.convert.ImagePluses;
import autoencoderj.convert.Tensors;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelMismatchException;
import autoencoderj.ops.Normalization;

import ij.ImagePlus;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two halves of a dense autoencoder: the encoder maps each slice to its
 * code (the activations of the last encoder layer), the decoder maps codes back
 * to images.
 */
public final class Codes {

	private Codes() {}

	/** Index of the code layer: the last encoder layer. */
	static int codeLayer(final Manifest m) {
		return m.hidden.length - 1;
	}

	/** The code size of a dense model. */
	public static int size(final AutoencoderModel model) {
		requireDense(model, "encode");
		return model.manifest().hidden[codeLayer(model.manifest())];
	}

	/**
	 * One code per slice, {@code [slices, code size]}.
	 *
	 * @throws ModelMismatchException if the model is not dense or the slices do not fit it
	 */
	public static INDArray encode(final AutoencoderModel model, final String modelName,
		final ImagePlus imp)
	{
		requireDense(model, "encode");
		ModelFit.check(model, modelName, imp);
		Nd4jRuntime.ensureReady();
		final INDArray rows = model.normalization().normalize(Tensors.rows(ImagePluses.wrapPlanes(
			imp)));
		Normalization.clipToUnit(rows);
		return encodeRows(model.denseNetwork(), codeLayer(model.manifest()), rows);
	}

	static INDArray encodeRows(final MultiLayerNetwork net, final int codeLayer, final INDArray rows) {
		final List<INDArray> acts = net.feedForwardToLayer(codeLayer, rows, false);
		return acts.get(codeLayer + 1);
	}

	/** Decoded images, {@code [codes, H*W]}, in the units of the training data. */
	public static INDArray decode(final AutoencoderModel model, final INDArray codes) {
		requireDense(model, "decode");
		if (codes.size(1) != size(model)) throw new ModelMismatchException("The model's code has " +
			size(model) + " values; got codes of " + codes.size(1) + ".");
		final MultiLayerNetwork net = model.denseNetwork();
		// layer by layer: DL4J's activateSelectedLayers refuses a range of one layer, which is the
		// whole decoder of a network with one hidden layer
		INDArray out = codes.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
		for (int i = codeLayer(model.manifest()) + 1; i < net.getnLayers(); i++)
			out = net.getLayer(i).activate(out, false, LayerWorkspaceMgr.noWorkspaces());
		return model.normalization().denormalize(out.dup('c'));
	}

	private static void requireDense(final AutoencoderModel model, final String what) {
		if (model.convolutional()) throw new ModelMismatchException("This model is convolutional; to " +
			what + " codes, use a dense model (Train Autoencoder with architecture=dense, e.g. " +
			"hidden=256 64 2).");
	}

	/** The pixels of every slice of {@code imp} as rows, for comparing codes with raw pixels. */
	public static double[][] pixelRows(final ImagePlus imp) {
		final int n = imp.getStackSize(), p = imp.getWidth() * imp.getHeight();
		final double[][] rows = new double[n][p];
		for (int i = 0; i < n; i++) {
			final float[] px = (float[]) imp.getStack().getProcessor(i + 1).convertToFloatProcessor()
				.getPixels();
			for (int j = 0; j < p; j++)
				rows[i][j] = px[j];
		}
		return rows;
	}
}
