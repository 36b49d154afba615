package autoencoderj.export;

import java.util.Locale;

import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Manifest;
import autoencoderj.model.Versions;
import autoencoderj.ops.Normalization;

/** The README of an exported package: what the model takes and gives, how it was trained, how to run it. */
final class PackageReadme {

	private PackageReadme() {}

	static String text(final AutoencoderModel model, final String modelFile, final PackageInfo info,
		final TestTensors test, final SpaceAxes axes)
	{
		final Manifest m = model.manifest();
		final StringBuilder sb = new StringBuilder();
		sb.append("# ").append(info.name).append("\n\n");
		if (!info.description.isEmpty()) sb.append(info.description).append("\n\n");
		sb.append("Exported by AutoencoderJ ").append(Versions.PLUGIN).append(" (a Fiji plugin) from ")
			.append("the model file `").append(modelFile).append("`: ").append(model.describe()).append(
				".\n\n");
		sb.append("## Input and output\n\n");
		sb.append("- `input`: float32 `[batch, channel, ").append(String.join(", ", axes.ids)).append(
			"]`, ").append(test.inChannels).append(test.inChannels == 1 ? " channel" : " channels").append(
				" of raw intensities as in the training images; ");
		if (axes.volumes()) sb.append("a volume (z slices) of z ").append(axes.min[0]).append(" + n x ")
			.append(axes.step[0]).append(" slices, y and x of ").append(axes.min[1]).append(" + n x ")
			.append(axes.step[1]).append(" pixels (each n >= 0). Give each channel and time point of a ")
			.append("stack on its own, as AutoencoderJ does.\n");
		else if (model.convolutional()) sb.append("y and x of ").append(axes.min[0]).append(" + n x ")
			.append(axes.step[0]).append(" pixels (any n >= 0).\n");
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
		if (axes.volumes()) sb.append("- Halo: ").append(axes.halo[0]).append(" slices in z, ").append(
			axes.halo[1]).append(" pixels in y and x. When tiling a large volume, give each tile this much ")
			.append("context on every side and crop it from the output, as AutoencoderJ's Denoise Image does.")
			.append("\n");
		else if (model.convolutional()) sb.append("- Halo: ").append(axes.halo[0]).append(" pixels. When ")
			.append("tiling a large image, give each tile this much context on every side and crop it from ")
			.append("the output, as AutoencoderJ's Denoise Image does.\n");
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
			.append("`cover.png` (input | output").append(axes.volumes() ? ", the middle slice" : "").append(").\n");
		if (test.mirroredZ) sb.append("\nThe image given at export has fewer slices than the ").append(
			test.depth).append(" the test input needs: the test input is its slices mirrored in z (the ")
			.append("edge slice repeated), as the network extends a volume at its borders.\n");
		return sb.toString();
	}
}
