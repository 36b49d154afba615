package autoencoderj.export;

import java.util.Locale;

import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.Manifest;
import autoencoderj.model.Versions;
import autoencoderj.ops.Normalization;

/** The README of an exported package: what the model takes and gives, how it was trained, how to run it. */
final class PackageReadme {

	private PackageReadme() {}

	static String text(final AutoencoderModel model, final String modelFile, final PackageInfo info,
		final TestTensors test)
	{
		final Manifest m = model.manifest();
		final StringBuilder sb = new StringBuilder();
		sb.append("# ").append(info.name).append("\n\n");
		if (!info.description.isEmpty()) sb.append(info.description).append("\n\n");
		sb.append("Exported by AutoencoderJ ").append(Versions.PLUGIN).append(" (a Fiji plugin) from ")
			.append("the model file `").append(modelFile).append("`: ").append(model.describe()).append(
				".\n\n");
		sb.append("## Input and output\n\n");
		sb.append("- `input`: float32 `[batch, channel, y, x]`, ").append(test.inChannels).append(
			test.inChannels == 1 ? " channel" : " channels").append(" of raw intensities as in the ")
			.append("training images; ");
		if (model.convolutional()) {
			final ConvSpec spec = model.convSpec();
			sb.append("y and x of ").append(Description.minimumSide(spec)).append(" + n x ").append(1 << spec
				.depth()).append(" pixels (any n >= 0).\n");
		}
		else sb.append("exactly ").append(m.height).append(" x ").append(m.width).append(
			" pixels (a dense network).\n");
		final boolean inGraph = Description.inGraph(model.inputNormalizations()) != null;
		sb.append(inGraph ? "- Normalisation, inside the ONNX graph (JDLL 0.6.1 applies one channel's " +
			"`scale_linear` to all)" : "- Preprocessing (`scale_linear`)").append(": the model's ")
			.append("percentile normalisation with the values fixed at training, (x - low) / (high - low) ")
			.append("per channel:");
		for (final Normalization n : model.inputNormalizations())
			sb.append(' ').append(n).append(';');
		sb.setLength(sb.length() - 1);
		sb.append(".\n- `output`: float32, ").append(test.outChannels).append(test.outChannels == 1
			? " channel" : " channels").append(", the input's size; ").append(Description.inGraph(model
				.outputNormalizations()) != null ? "the graph maps" : "postprocessing (`scale_linear`) maps")
			.append(" it back to ").append(model.imageToImage() ? "the target's units." : "the input's " +
				"units.").append(" At the image's borders the network sees the image mirrored (the edge ")
			.append("pixel repeated), inside the graph, so any consumer gives AutoencoderJ's values.\n");
		if (model.convolutional()) sb.append("- Halo: ").append(Description.halo(model.convSpec()))
			.append(" pixels. When tiling a large image, give each tile this much context on every side ")
			.append("and crop it from the output, as AutoencoderJ's Denoise Image does.\n");
		sb.append("\n## Training\n\n");
		final Manifest.TrainingInfo t = m.training;
		sb.append("- Data: ").append(t.data == null ? "not recorded" : t.data).append('\n');
		sb.append("- Objective: ").append(m.imageToImage() ? "image to image" : m.noise.objective)
			.append(", noise ").append(m.noise.type).append(", loss ").append(m.loss).append('\n');
		sb.append(String.format(Locale.ROOT, "- %d epochs (%d before), batch %d, Adam rate %s, seed %d;" +
			" best epoch %d, final training loss %.5g, validation loss %.5g%n", t.epochs, t.epochsBefore,
			t.batch, Double.toString(t.rate), t.seed, t.bestEpoch, t.finalTrainLoss, t.finalValidationLoss));
		sb.append("- The whole training history (loss per epoch) is in `rdf.yaml` under ")
			.append("`config.autoencoderj.manifest.training`.\n");
		sb.append("\n## Running it\n\n");
		sb.append("- deepImageJ (Fiji): Plugins > deepImageJ > deepImageJ Install Model, choose this zip ")
			.append("file; then Plugins > deepImageJ > deepImageJ Run on an open image.\n");
		sb.append("- bioimageio.core (Python): `bioimageio test this.zip` checks that the weights ")
			.append("reproduce the test output; `bioimageio.core.predict` applies the package to an image.\n");
		sb.append("- The weights are ONNX (opset ").append(OnnxWriter.OPSET).append("); any ONNX ")
			.append("runtime applies them to preprocessed input.\n");
		sb.append("\n## Files\n\n`rdf.yaml` (the description, bioimage.io model format ")
			.append(Description.FORMAT_VERSION).append("), `weights.onnx`, `test_input.npy` (a window ")
			.append("of the image given at export), `test_output.npy` (what AutoencoderJ gives on it), ")
			.append("`cover.png` (input | output).\n");
		return sb.toString();
	}
}
