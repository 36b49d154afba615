package autoencoderj.app;

import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import autoencoderj.convert.ImagePluses;
import autoencoderj.data.ChannelPlanes;
import autoencoderj.data.VolumeSampler;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.training.EpochListener;
import autoencoderj.engine.training.Trainer;
import autoencoderj.engine.training.TrainingHistory;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Keys;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelMismatchException;
import autoencoderj.model.VolumePlan;
import autoencoderj.model.VolumeSpec;
import autoencoderj.ops.Noise;
import autoencoderj.ops.Noises;
import autoencoderj.ops.NonFinite;
import autoencoderj.ops.Normalization;

import ij.ImagePlus;
import ij.measure.Calibration;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains a 3-D convolutional autoencoder ({@code dimensions=3d}) on random
 * patches of an image's volumes: its z slices (each frame a volume), blind
 * spots or added noise as in 2-D; or a 3-D image-to-image network, source
 * channels to target channels. The z plan comes from the image's
 * calibration ({@link VolumePlan}); the native engine computes the network
 * (DL4J's own layers where it has a transposed 3-D convolution).
 */
public final class VolumeTraining {

	/** Validation patches: fewer than in 2-D, each is a volume. */
	static final int VALIDATION_PATCHES = 32;

	private VolumeTraining() {}

	/**
	 * @throws IllegalArgumentException with a message for the user when the
	 *           image or settings do not fit
	 */
	public static TrainingResult train(final ImagePlus imp, final TrainingSettings s,
		final EpochListener listener, final BooleanSupplier cancelled)
	{
		ImagePluses.checkSupported(imp);
		NonFinite.refuseInTraining(imp, "image");
		final double[] voxel = voxelSize(imp);
		final VolumePlan plan = VolumePlan.of(s.pooling(), voxel, s.filters().length);
		final boolean blind = s.objective() == Manifest.Objective.BLIND_SPOT;
		final VolumeSpec spec = new VolumeSpec(s.filters(), s.upsampling(), 1, 1, s.loss(), s.skips(),
			plan);
		if (blind && spec.sigmoid()) throw new ModelMismatchException("Blind-spot training needs a " +
			"linear output: use loss=mse (or auto).");
		checkPatches(spec, plan, s);
		Nd4jRuntime.ensureReady();
		final Normalization norm = Normalization.percentiles(ImagePluses.wrap(imp), s.lowPercentile(), s
			.highPercentile());
		final VolumeSampler sampler = new VolumeSampler(imp, s.patchZ(), s.patch(), s.validation(), norm,
			s.seed());
		final Noise noise = blind ? Noises.none() : Noises.create(s.noise(), s.sigma(), s.photons(), spec
			.sigmoid());
		final VolumeBatches batches = new VolumeBatches(sampler, blind ? s.blindSpots() : null, noise, s
			.batch(), s.steps(), s.patchZ(), s.patch(), isotropic(voxel), s.seed());
		return fit(imp, spec, voxel, sampler, batches, norm, noise, s, m -> {
			m.noise.objective = Keys.of(s.objective());
			m.noise.maskFraction = blind ? s.blindSpots().fraction(s.patchZ(), s.patch()) : 0;
			m.noise.structure = s.structure();
			return m;
		}, listener, cancelled);
	}

	/**
	 * Image-to-image training on volumes: the source's chosen channels to the
	 * target's at the same places, a U-Net unless {@code skips=false}.
	 *
	 * @throws IllegalArgumentException as above, and when source and target do
	 *           not pair up
	 */
	public static TrainingResult trainImageToImage(final ChannelPlanes source,
		final ChannelPlanes target, final TrainingSettings s, final EpochListener listener,
		final BooleanSupplier cancelled)
	{
		final ImagePlus imp = source.image();
		if (source.image().getNSlices() != target.image().getNSlices()) throw new IllegalArgumentException(
			"Source and target must have the same slices to pair up as volumes, but '" + source.title() +
				"' has " + source.image().getNSlices() + " and '" + target.title() + "' " + target.image()
					.getNSlices() + ". Check the dimensions (Image > Properties...).");
		final double[] voxel = voxelSize(imp);
		final VolumePlan plan = VolumePlan.of(s.pooling(), voxel, s.filters().length);
		final VolumeSpec spec = new VolumeSpec(s.filters(), s.upsampling(), source.channels(), target
			.channels(), s.loss(), s.skipsOr(true), plan);
		checkPatches(spec, plan, s);
		Nd4jRuntime.ensureReady();
		final Normalization[] in = source.percentiles(s.lowPercentile(), s.highPercentile());
		final Normalization[] out = target.percentiles(s.lowPercentile(), s.highPercentile());
		final VolumeSampler sampler = VolumeSampler.paired(source, in, target, out, s.patchZ(), s
			.patch(), s.validation(), s.seed());
		final VolumeBatches batches = VolumeBatches.paired(sampler, source.channels(), target
			.channels(), s.batch(), s.steps(), s.patchZ(), s.patch(), isotropic(voxel), s.seed());
		return fit(imp, spec, voxel, sampler, batches, in[0], Noises.none(), s, m -> ImageToImageTraining
			.describePairs(m, source, target, in, out), listener, cancelled);
	}

	private static void checkPatches(final VolumeSpec spec, final VolumePlan plan,
		final TrainingSettings s)
	{
		if (!spec.fits(s.patchZ(), s.patch())) throw new IllegalArgumentException("Patches of " + s
			.patchZ() + "x" + s.patch() + "x" + s.patch() + " do not pass through this network (" + plan +
			"): patch must be a multiple of " + (1 << s.filters().length) + " and patchz of " + plan
				.zUnit() + ".");
	}

	private static boolean isotropic(final double[] voxel) {
		return Math.abs(voxel[0] / voxel[2] - 1) < 1e-3 && Math.abs(voxel[1] / voxel[2] - 1) < 1e-3;
	}

	private static TrainingResult fit(final ImagePlus imp, final VolumeSpec spec,
		final double[] voxel, final VolumeSampler sampler, final VolumeBatches batches,
		final Normalization norm, final Noise noise, final TrainingSettings s,
		final UnaryOperator<Manifest> decorate, final EpochListener listener,
		final BooleanSupplier cancelled)
	{
		final DataSet validation = batches.validation(VALIDATION_PATCHES, s.seed() + 1);
		final Model net = spec.build(s.patchZ(), s.patch(), s.patch(), s.seed(), s.rate());
		final Function<TrainingHistory, Manifest> manifest = h -> {
			final Manifest m = Manifests.of(imp, norm, noise, s, h);
			m.architecture = Keys.of(Manifest.Architecture.CONVOLUTIONAL);
			m.dimensions = "3d";
			m.filters = spec.filters();
			m.upsampling = spec.upsampling().key();
			m.patch = s.patch();
			m.patchZ = s.patchZ();
			m.width = m.height = s.patch();
			m.pooling = s.pooling().key();
			m.poolZ = spec.plan().poolZ();
			m.kernelZ = spec.plan().kernelZ();
			m.voxelSize = voxel.clone();
			m.channels = spec.inChannels();
			m.outChannels = spec.outChannels();
			m.loss = spec.loss().key();
			m.output = Keys.of(spec.sigmoid() ? Manifest.Output.SIGMOID : Manifest.Output.LINEAR);
			m.skips = spec.skips();
			m.training.steps = s.steps();
			m.training.samples = s.steps() * s.batch();
			m.training.validationSamples = validation == null ? 0 : VALIDATION_PATCHES;
			m.training.split = sampler.split();
			History.record(m, null, null);
			return decorate.apply(m);
		};
		final TrainingHistory history = Trainer.train(net, batches, validation, s.epochs(), s
			.rateSchedule(), Checkpoints.around(listener, net, manifest, s), cancelled);
		final Manifest m = manifest.apply(history);
		final AutoencoderModel model = new AutoencoderModel(net, m);
		if (s.objective() == Manifest.Objective.BLIND_SPOT && !spec.sigmoid()) m.training.outputOffset =
			OutputOffset.remove(model, imp, cancelled);
		return new TrainingResult(model, history);
	}

	/**
	 * The voxel size {z, y, x} from the image's calibration; an uncalibrated
	 * image has cubic voxels.
	 */
	static double[] voxelSize(final ImagePlus imp) {
		final Calibration c = imp.getCalibration();
		return new double[] { c.pixelDepth, c.pixelHeight, c.pixelWidth };
	}
}
