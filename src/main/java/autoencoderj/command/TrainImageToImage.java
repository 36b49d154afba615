package autoencoderj.command;

import java.io.File;
import java.io.IOException;

import autoencoderj.app.ImageToImageTraining;
import autoencoderj.app.TrainingControl;
import autoencoderj.app.TrainingResult;
import autoencoderj.app.TrainingSettings;
import autoencoderj.data.ChannelPlanes;
import autoencoderj.data.OutputFiles;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;
import autoencoderj.model.Keys;
import autoencoderj.model.ModelFiles;
import autoencoderj.model.VolumePlan;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Trains a convolutional network to predict target channels from source
 * channels at the same place: colourising (gray source, RGB target) or
 * label-free prediction (transmitted light in, fluorescence out).
 */
@Plugin(type = Command.class, headless = true, label = "Train Image to Image",
	menuPath = "Plugins>AutoencoderJ>Train Image to Image")
public class TrainImageToImage extends AutoencoderCommand {

	@Parameter(label = "Source image", description = "What the network sees: an image or stack.")
	private ImagePlus source;

	@Parameter(label = "Target image", description = "What it learns to predict, the same size " +
		"as the source; or the source itself, with another channel chosen below.")
	private ImagePlus target;

	@Parameter(label = "Source channel (0 = all)", min = "0",
		description = "Channel of a hyperstack (1 = first), or of RGB (1 red, 2 green, 3 blue).")
	private int sourcechannel = 0;

	@Parameter(label = "Target channel (0 = all)", min = "0",
		description = "0: every channel (RGB: all three colours, predicted as an RGB image).")
	private int targetchannel = 0;

	@Parameter(label = "Filters per block", description = "One number per encoder block (3x3 " +
		"convolutions, then 2x2 max-pooling), separated by spaces; the decoder mirrors them.")
	private String filters = "16 32";

	@Parameter(label = "Dimensions", choices = { "2d", "3d" }, description = "2d: every slice is " +
		"an image. 3d: the z slices of the stacks (of each frame) are volumes, learnt with 3-D " +
		"convolutions from patches of patchz slices.")
	private String dimensions = "2d";

	@Parameter(label = "Patch depth in slices (3d)", min = "1", description = "Slices of a 3-D " +
		"training patch; the stacks need at least this many.")
	private int patchz = 16;

	@Parameter(label = "Pooling in z (3d)", choices = { "auto", "xyz", "xy" }, description = "auto: " +
		"from the source's calibration, z is pooled only while its voxels are less than twice as " +
		"deep as wide (as nnU-Net plans); xyz: always; xy: never.")
	private String pooling = "auto";

	@Parameter(label = "Upsampling", choices = { "repeat", "deconvolution" })
	private String upsampling = "repeat";

	@Parameter(label = "Skip connections", choices = { "auto", "true", "false" },
		description = "true: a U-Net, whose decoder also sees the encoder's outputs (finer detail); " +
			"auto: true unless the patch size rules it out.")
	private String skips = "auto";

	@Parameter(label = "Patch size", min = "4",
		description = "Side of the square training patches: a multiple of 2 to the number of blocks.")
	private int patch = 64;

	@Parameter(label = "Steps: patch batches per epoch", min = "1")
	private int steps = 50;

	@Parameter(label = "Loss", choices = { "auto", "xent", "mse" },
		description = "auto: mse (squared error, linear output).")
	private String loss = "auto";

	@Parameter(label = "Percentiles for normalisation", description = "Low and high percentile of " +
		"each channel that become 0 and 1, e.g. 1 99.8 (auto).")
	private String percentiles = "auto";

	@Parameter(label = "Epochs", min = "1")
	private int epochs = 20;

	@Parameter(label = "Batch size (0: auto)", min = "0", description = "Patches per step; auto: " +
		"16, or 4 volume patches in 3-D.")
	private int batch = 0;

	@Parameter(label = "Learning rate", stepSize = "0.0001")
	private double rate = 1e-3;

	@Parameter(label = "Schedule of the learning rate", choices = { "auto", "constant", "cosine", "plateau" },
		description = TrainAutoencoder.SCHEDULE_HELP)
	private String schedule = "auto";

	@Parameter(label = "Validation fraction", min = "0", max = "0.9", stepSize = "0.05")
	private double validation = 0.1;

	@Parameter(label = "Random seed")
	private long seed = 42;

	@Parameter(label = "Model file to write", style = FileWidget.SAVE_STYLE)
	private File model;

	@Parameter(type = ItemIO.OUTPUT, label = "Model file written")
	private String saved;

	@Parameter(type = ItemIO.OUTPUT, label = "Loss")
	private ImagePlus lossPlot;

	@Parameter
	private StatusService status;

	@Override
	protected void execute() throws IOException {
		if (model == null) throw new IllegalArgumentException(
			"Choose a model file to write (model=/path/to/model.zip).");
		ModelFiles.checkWritable(model.toPath(), OutputFiles.fileOf(source), OutputFiles.fileOf(
			target));
		final TrainingSettings settings = TrainingSettings.builder()
			.architecture(TrainingSettings.Architecture.CONVOLUTIONAL)
			.filters(ConvSpec.parseFilters(filters))
			.volumes(SettingKeys.parseDimensions(dimensions)).patchZ(patchz).pooling(VolumePlan
				.Pooling.parse(pooling))
			.upsampling(ConvSpec.Upsampling.parse(upsampling)).patch(patch).steps(steps)
			.loss("auto".equals(loss) ? null : DenseSpec.Loss.parse(loss))
			.percentiles(SettingKeys.parsePercentiles(percentiles)).noise("none", 0).epochs(epochs)
			.batch(batch).rate(rate).schedule(SettingKeys.parseSchedule(schedule))
			.validation(validation).seed(seed)
			.skips("auto".equals(skips) ? null : Keys.parseBoolean(skips, "skips"))
			.checkpoint(TrainingProgress.checkpoint(model), TrainingProgress.CHECKPOINT_SECONDS).build();
		final ChannelPlanes in = ChannelPlanes.of(source, sourcechannel, "source");
		final ChannelPlanes out = ChannelPlanes.of(target, targetchannel, "target");
		final TrainingControl control = new TrainingControl(this::stopRequested);
		final TrainingProgress progress = new TrainingProgress(status, log, model.getName(), epochs,
			control);
		final TrainingResult result = ImageToImageTraining.train(in, out, settings, progress,
			control);
		saved = progress.save(result, model);
		lossPlot = progress.lossPlot();
		if (saved == null) {
			fail(progress.cancelled(result, model));
			return;
		}
		offerModel(saved);
		log.info(TrainingProgress.stoppedNote(result) + "Model written to " + saved + " (" + in
			.channels() + " -> " + out.channels() + " channels; " + TrainingProgress.kept(result
				.history()) + ")");
	}
}
