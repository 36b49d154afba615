package autoencoderj.command;

import java.io.File;
import java.io.IOException;

import autoencoderj.app.DenoisingCheck;
import autoencoderj.app.PreviewCrop;
import autoencoderj.app.Training;
import autoencoderj.app.TrainingControl;
import autoencoderj.app.TrainingResult;
import autoencoderj.app.TrainingSettings;
import autoencoderj.data.OutputFiles;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;
import autoencoderj.model.Keys;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;
import autoencoderj.model.VolumePlan;
import autoencoderj.ops.BlindSpots;
import autoencoderj.ops.LineMask;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/** Trains an autoencoder on the slices of a stack and writes it to a model file. */
@Plugin(type = Command.class, headless = true, label = "Train Autoencoder",
	menuPath = "Plugins>AutoencoderJ>Train Autoencoder")
public class TrainAutoencoder extends AutoencoderCommand {

	static final String SCHEDULE_HELP = "How the learning rate changes: constant; cosine: " +
		"decays to zero over all the steps, and the last epoch is kept; plateau: halved after 3 " +
		"epochs without a better validation loss; auto: constant (measured no worse here).";

	@Parameter(label = "Image to train on", description = "A stack whose slices are the examples " +
		"(dense), or images, stacks and volumes to take patches from (convolutional).")
	private ImagePlus image;

	@Parameter(label = "Architecture", choices = { "auto", "dense", "convolutional" },
		description = "dense: every pixel of a slice in, for small images such as digits; " +
			"convolutional: trained on patches, applied to images of any size; auto: dense for a " +
			"stack of slices up to 128x128 pixels, convolutional otherwise.")
	private String architecture = "auto";

	@Parameter(label = "Hidden layer sizes (dense)",
		description = "Encoder layer sizes separated by spaces; the last is the code size. " +
			"The decoder mirrors them.")
	private String hidden = "50";

	@Parameter(label = "Filters per block (convolutional)",
		description = "One number per encoder block (3x3 convolutions, then 2x2 max-pooling), " +
			"separated by spaces; the decoder mirrors them. 16 8 8 is the Keras tutorial's network.")
	private String filters = "16 32";

	@Parameter(label = "Dimensions (convolutional)", choices = { "2d", "3d" }, description = "2d: " +
		"every slice is an image. 3d: the z slices of the stack (of each frame) are a volume, learnt " +
		"with 3-D convolutions from patches of patchz slices.")
	private String dimensions = "2d";

	@Parameter(label = "Patch depth in slices (3d)", min = "1", description = "Slices of a 3-D " +
		"training patch; the stack needs at least this many.")
	private int patchz = 16;

	@Parameter(label = "Pooling in z (3d)", choices = { "auto", "xyz", "xy" }, description = "auto: " +
		"from the calibration, z is pooled only while its voxels are less than twice as deep as " +
		"wide (as nnU-Net plans); xyz: always; xy: never.")
	private String pooling = "auto";

	@Parameter(label = "Upsampling (convolutional)", choices = { "repeat", "deconvolution" },
		description = "repeat: nearest-neighbour (unpooling without positions); " +
			"deconvolution: a learned 2x2 transposed convolution.")
	private String upsampling = "repeat";

	@Parameter(label = "Patch size (convolutional)", min = "4",
		description = "Side of the square training patches: a multiple of 2 to the number of blocks.")
	private int patch = 64;

	@Parameter(label = "Steps: patch batches per epoch (convolutional)", min = "1")
	private int steps = 50;

	@Parameter(label = "Loss", choices = { "auto", "xent", "mse" },
		description = "Binary cross-entropy with a sigmoid output (xent) or squared error with a " +
			"linear output (mse); auto: xent for dense, mse for convolutional.")
	private String loss = "auto";

	@Parameter(label = "Percentiles for normalisation", description = "Low and high percentile of " +
		"the training data that become 0 and 1, e.g. 1 99.8; auto: 0 100 for dense, 1 99.8 for " +
		"convolutional.")
	private String percentiles = "auto";

	@Parameter(label = "Objective (convolutional)", choices = { "added-noise", "blind-spot" },
		description = "added-noise: learn to remove the noise below, added to the images (needs " +
			"clean images); blind-spot: learn from noisy images alone (Noise2Void): the loss counts " +
			"masked pixels the network cannot see, against their own noisy values.")
	private String objective = "added-noise";

	@Parameter(label = "Skip connections (convolutional)", choices = { "auto", "true", "false" },
		description = "true: a U-Net, whose decoder also sees the encoder's outputs (finer detail); " +
			"auto: true for blind-spot training, false otherwise.")
	private String skips = "auto";

	@Parameter(label = "Masked fraction (blind-spot)", min = "0.001", max = "0.25",
		stepSize = "0.005", description = "Fraction of each patch's pixels masked per step, one per " +
			"cell of a grid; Noise2Void uses 0.002 to 0.02.")
	private double masked = 0.015;

	@Parameter(label = "Replacement of masked pixels (blind-spot)", choices = { "median", "neighbour" },
		description = "median: of the 24 other pixels of its 5x5 window (N2V2, fewer checkerboard " +
			"artefacts); neighbour: a random other pixel of that window (Noise2Void).")
	private String replacement = "median";

	@Parameter(label = "Structure of correlated noise to hide (blind-spot)", required = false, description = "none, " +
		"or structN2V's line hidden with every blind spot, for noise correlated along rows or columns " +
		"(camera stripes, scan lines): x or y and the line's length, covering the correlation, e.g. x9 " +
		"for rows correlated over 4 pixels each side.")
	private String structure = "none";

	@Parameter(label = "Noise to add (added-noise)",
		choices = { "gaussian", "poisson", "poisson-gaussian", "none" })
	private String noise = "gaussian";

	@Parameter(label = "Sigma of the added noise (added-noise)", description = "Gaussian part, in normalised intensity units: " +
		"0 and 1 are the low and high normalisation percentiles; 0.5 is the MNIST experiment.",
		min = "0")
	private double sigma = 0.5;

	@Parameter(label = "Photons at intensity 1 of Poisson noise (added-noise)", description = "Poisson part: the " +
		"expected photon count at normalised intensity 1; fewer photons, more noise.", min = "0")
	private double photons = 20;

	@Parameter(label = "Epochs", min = "1")
	private int epochs = 20;

	@Parameter(label = "Batch size (0: auto)", min = "0", description = "Examples per step; auto: " +
		"256 slices for dense networks, 16 patches for convolutional ones, 4 volume patches in 3-D.")
	private int batch = 0;

	@Parameter(label = "Learning rate", stepSize = "0.0001")
	private double rate = 1e-3;

	@Parameter(label = "Schedule of the learning rate", choices = { "auto", "constant", "cosine", "plateau" },
		description = SCHEDULE_HELP)
	private String schedule = "auto";

	@Parameter(label = "Validation fraction", min = "0", max = "0.9", stepSize = "0.05")
	private double validation = 0.1;

	@Parameter(label = "Random seed")
	private long seed = 42;

	@Parameter(label = "Model file to write", style = FileWidget.SAVE_STYLE)
	private File model;

	@Parameter(label = "Initialise from model (optional)", style = FileWidget.OPEN_STYLE,
		required = false, description = "Continue training this model (its architecture, " +
			"normalisation and optimiser state are kept) instead of starting from random weights.")
	private File init;

	@Parameter(label = "Reconstruct a few slices and show them")
	private boolean reconstruct;

	@Parameter(type = ItemIO.OUTPUT, label = "Model file written")
	private String saved;

	@Parameter(type = ItemIO.OUTPUT, label = "Loss")
	private ImagePlus lossPlot;

	@Parameter(type = ItemIO.OUTPUT, label = "Reconstructions", required = false)
	private ImagePlus reconstructions;

	@Parameter
	private StatusService status;

	@Override
	protected void execute() throws IOException {
		if (model == null) throw new IllegalArgumentException(
			"Choose a model file to write (model=/path/to/model.zip).");
		ModelFiles.checkWritable(model.toPath(), OutputFiles.fileOf(image));
		final TrainingSettings settings = TrainingSettings.builder()
			.architecture(TrainingSettings.Architecture.auto(architecture, image))
			.hidden(DenseSpec.parseHidden(hidden)).filters(ConvSpec.parseFilters(filters))
			.upsampling(ConvSpec.Upsampling.parse(upsampling)).patch(patch).steps(steps)
			.loss("auto".equals(loss) ? null : DenseSpec.Loss.parse(loss))
			.percentiles(SettingKeys.parsePercentiles(percentiles)).noise(noise, sigma)
			.photons(photons).epochs(epochs).batch(batch).rate(rate)
			.schedule(SettingKeys.parseSchedule(schedule)).validation(validation).seed(seed)
			.checkpoint(TrainingProgress.checkpoint(model), TrainingProgress.CHECKPOINT_SECONDS)
			.volumes(SettingKeys.parseDimensions(dimensions))
			.patchZ(patchz).pooling(VolumePlan.Pooling.parse(pooling))
			.objective(Keys.parse(Manifest.Objective.class, objective, "objective")).skips("auto".equals(
				skips) ? null : Keys.parseBoolean(skips, "skips")).masked(masked)
			.structure(LineMask.parse(structure)).replacement(Keys.parse(
					BlindSpots.Replacement.class, replacement, "replacement")).build();
		final TrainingControl control = new TrainingControl(this::stopRequested);
		final TrainingProgress progress = new TrainingProgress(status, log, model.getName(), epochs,
			control);
		final boolean continuing = init != null && !init.getPath().isEmpty();
		final AutoencoderModel start = continuing ? ModelFiles.load(init.toPath()) : null;
		if (!continuing) progress.preview(() -> PreviewCrop.of(image, settings, settings.filters()
			.length));
		if (continuing) log.info("Continuing " + init.getName() + " (" + start.describe() + ", " + start
			.manifest().training.epochs + " epochs so far); its architecture is used.");
		final TrainingResult result = Training.train(image, settings, start, continuing ? init
			.getAbsolutePath() : null, progress, control);
		saved = progress.save(result, model);
		lossPlot = progress.lossPlot();
		if (saved == null) {
			fail(progress.cancelled(result, model));
			return;
		}
		offerModel(saved);
		log.info(TrainingProgress.stoppedNote(result) + "Model written to " + saved + " (" +
			TrainingProgress.kept(result.history()) + ")");
		if (reconstruct) reconstructions = DenoisingCheck.run(result.model(), image, 8, seed)
			.montage(8);
	}
}
