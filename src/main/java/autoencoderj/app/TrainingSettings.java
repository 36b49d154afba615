package autoencoderj.app;

import java.util.Locale;

import autoencoderj.engine.training.RateSchedule;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;
import autoencoderj.model.Keys;
import autoencoderj.model.Limits;
import autoencoderj.model.Manifest;
import autoencoderj.model.VolumePlan;
import autoencoderj.ops.BlindSpots;
import autoencoderj.ops.LineMask;

/**
 * What to train and how: the values behind Train Autoencoder's parameters.
 * Immutable; build with {@link #builder()}. Where a value is left to "auto"
 * (loss, percentiles), it follows the architecture: a dense network keeps
 * the MNIST experiment's choices (binary cross-entropy, minimum-maximum
 * normalisation), a convolutional one those for microscopy (squared error
 * with a linear output, 1%-99.8% percentiles).
 */
public final class TrainingSettings {

	/** Network family. */
	public enum Architecture {
		DENSE, CONVOLUTIONAL;

		public static Architecture parse(final String name) {
			return Keys.parse(Architecture.class, name, "architecture");
		}

		/**
		 * {@code auto}: dense for a stack of small slices (at most
		 * {@link DenseTraining#MAX_PIXELS} pixels each, as digits), the only images
		 * a dense network takes, convolutional for anything else (a single image,
		 * large slices, a microscopy stack); else as {@link #parse}.
		 */
		public static Architecture auto(final String name, final ij.ImagePlus imp) {
			if (name == null || !name.trim().equalsIgnoreCase("auto")) return parse(name);
			return imp != null && imp.getStackSize() > 1 && (long) imp.getWidth() * imp.getHeight() <=
				DenseTraining.MAX_PIXELS ? DENSE : CONVOLUTIONAL;
		}

		public String key() {
			return Keys.of(this);
		}
	}

	private final Architecture architecture;
	private final int[] hidden, filters;
	private final ConvSpec.Upsampling upsampling;
	private final int patch, steps;
	private final DenseSpec.Loss loss;
	private final String noise;
	private final double sigma, photons;
	private final int epochs, batch;
	private final double rate, validation;
	private final long seed;
	private final double[] percentiles;
	private final java.nio.file.Path checkpoint;
	private final double checkpointSeconds;
	private final Manifest.Objective objective;
	private final Boolean skips;
	/** Blind-spot training's masks; {@code null} for the added-noise objective. */
	private final BlindSpots blindSpots;
	private final boolean volumes;
	private final int patchZ;
	private final VolumePlan.Pooling pooling;
	private final RateSchedule.Kind schedule;

	/**
	 * The schedule of {@code schedule=auto} in 2-D and for added noise. 3-D
	 * blind-spot training decays its rate ({@link #schedule()}).
	 */
	public static final RateSchedule.Kind AUTO_SCHEDULE = RateSchedule.Kind.CONSTANT;

	/** Largest convolutional patch side, and most pixels in one batch of patches. */
	public static final int MAX_PATCH = 8192, MAX_BATCH_VALUES = 1 << 26;

	private TrainingSettings(final Builder b) {
		if (b.epochs < 1) throw new IllegalArgumentException("Epochs must be at least 1, got " + b.epochs);
		if (b.batch < 0) throw new IllegalArgumentException("Batch size must be at least 1 (or 0 for " +
			"auto), got " + b.batch);
		// 0 is auto: what suits the network and fits
		final int batch = b.batch > 0 ? b.batch : b.architecture == Architecture.DENSE ? 256 : b.volumes
			? 4 : 16;
		if (b.steps < 1) throw new IllegalArgumentException("Steps (patch batches per epoch) must be " +
			"at least 1, got " + b.steps);
		if (!(b.rate > 0 && b.rate < 1)) throw new IllegalArgumentException(
			"The learning rate must be between 0 and 1 (1e-3 is usual for Adam), got " + b.rate);
		if (!(b.validation >= 0 && b.validation < 1)) throw new IllegalArgumentException(
			"The validation fraction must be at least 0 and below 1 (0.1 keeps 10% aside), got " +
				b.validation);
		if (b.percentiles != null && !(b.percentiles[0] >= 0 && b.percentiles[0] < b.percentiles[1] &&
			b.percentiles[1] <= 100)) throw new IllegalArgumentException("Percentiles must be two " +
				"numbers with 0 <= low < high <= 100, e.g. 1 99.8.");
		if (b.architecture == Architecture.CONVOLUTIONAL && (b.patch > MAX_PATCH || (long) batch *
			b.patch * b.patch > MAX_BATCH_VALUES)) throw new IllegalArgumentException("A batch of " +
				batch + " patches of " + b.patch + "x" + b.patch + " is too large to train: at most " +
				MAX_PATCH + " pixels a side and " + MAX_BATCH_VALUES + " pixels a batch (e.g. batch 16 " +
				"of patch 2048, or batch 256 of patch 512). Lower the batch or the patch.");
		Limits.checkNoise(b.sigma, b.photons);
		Limits.checkFilters(b.filters);
		if (b.architecture == Architecture.DENSE) Limits.checkHidden(b.hidden);
		if (!(b.checkpointSeconds >= 0)) throw new IllegalArgumentException(
			"The checkpoint interval must be at least 0 seconds, got " + b.checkpointSeconds);
		if (b.objective == Manifest.Objective.BLIND_SPOT) {
			if (b.architecture != Architecture.CONVOLUTIONAL) throw new IllegalArgumentException(
				"Blind-spot training needs architecture=convolutional: it learns from patches.");
			if (b.loss == DenseSpec.Loss.XENT) throw new IllegalArgumentException("Blind-spot training " +
				"learns squared error against the noisy pixels: use loss=mse (or auto).");
		}
		if (b.structure != null && b.objective != Manifest.Objective.BLIND_SPOT)
			throw new IllegalArgumentException("structure=" + b.structure + " hides lines around blind " +
				"spots: it needs objective=blind-spot (or leave structure=none).");
		if (b.volumes && b.architecture != Architecture.CONVOLUTIONAL) throw new IllegalArgumentException(
			"dimensions=3d needs architecture=convolutional: volumes are learnt from 3-D patches.");
		if (b.volumes && !(b.patchZ >= 1 && b.patchZ <= MAX_PATCH)) throw new IllegalArgumentException(
			"patchz=" + b.patchZ + ": the patch depth must be from 1 to " + MAX_PATCH + " slices (16 is " +
				"usual).");
		if (b.volumes && (long) batch * b.patchZ * b.patch * b.patch > MAX_BATCH_VALUES)
			throw new IllegalArgumentException("A batch of " + batch + " patches of " + b.patchZ + "x" +
				b.patch + "x" + b.patch + " is too large to train: at most " + MAX_BATCH_VALUES + " voxels a " +
				"batch (e.g. batch 4 of 16x64x64). Lower the batch or the patch.");
		this.schedule = b.schedule;
		this.volumes = b.volumes;
		this.patchZ = b.patchZ;
		this.pooling = b.pooling;
		this.objective = b.objective;
		this.skips = b.skips;
		this.blindSpots = b.objective == Manifest.Objective.BLIND_SPOT ? new BlindSpots(b.masked,
			b.replacement, b.structure) : null;
		this.checkpoint = b.checkpoint;
		this.checkpointSeconds = b.checkpointSeconds;
		this.architecture = b.architecture;
		this.hidden = b.hidden.clone();
		this.filters = b.filters.clone();
		this.upsampling = b.upsampling;
		this.patch = b.patch;
		this.steps = b.steps;
		this.loss = b.loss;
		this.noise = b.noise;
		this.sigma = b.sigma;
		this.photons = b.photons;
		this.epochs = b.epochs;
		this.batch = batch;
		this.rate = b.rate;
		this.validation = b.validation;
		this.seed = b.seed;
		this.percentiles = b.percentiles == null ? null : b.percentiles.clone();
	}

	public static Builder builder() {
		return new Builder();
	}

	public Architecture architecture() { return architecture; }

	/** Dense encoder layer sizes; the last is the code size. */
	public int[] hidden() { return hidden.clone(); }

	/** Convolutional filters per encoder block; their number is the depth. */
	public int[] filters() { return filters.clone(); }

	public ConvSpec.Upsampling upsampling() { return upsampling; }

	/** Side of the square training patches of a convolutional network. */
	public int patch() { return patch; }

	/** Patch batches per epoch of a convolutional network. */
	public int steps() { return steps; }

	/** The loss, the architecture's default where left to auto. */
	public DenseSpec.Loss loss() {
		if (loss != null) return loss;
		return architecture == Architecture.DENSE ? DenseSpec.Loss.XENT : DenseSpec.Loss.MSE;
	}

	/** {@code none}, {@code gaussian}, {@code poisson} or {@code poisson-gaussian}. */
	public String noise() { return noise; }

	/** Gaussian noise strength in normalised units. */
	public double sigma() { return sigma; }

	/** Poisson scale: photons at normalised intensity 1. */
	public double photons() { return photons; }

	public int epochs() { return epochs; }

	public int batch() { return batch; }

	public double rate() { return rate; }

	/**
	 * How the rate changes: as asked, else cosine for 3-D blind-spot training
	 * and {@link #AUTO_SCHEDULE} for the rest. Measured (README, "Volumes"):
	 * at a constant rate a 3-D blind-spot model kept an epoch whose output was
	 * 2.9 intensity units too bright, 3 dB below the blur, which its validation
	 * loss (noise-dominated) did not show; the decayed rate gave +4.0, +0.4 and
	 * +0.03 dB over constant in three runs, never less. In 2-D it gave nothing
	 * measurable.
	 */
	public RateSchedule.Kind schedule() {
		if (schedule != null) return schedule;
		return volumes && objective == Manifest.Objective.BLIND_SPOT ? RateSchedule.Kind.COSINE
			: AUTO_SCHEDULE;
	}

	/** The learning rate over this training. */
	public RateSchedule rateSchedule() { return new RateSchedule(schedule(), rate); }

	/** Fraction of samples (or of each image's height) kept aside for validation. */
	public double validation() { return validation; }

	public long seed() { return seed; }

	/** Where to keep a checkpoint while training, or {@code null} for none. */
	public java.nio.file.Path checkpoint() { return checkpoint; }

	/** Least time between two checkpoints; 0 writes one after every epoch. */
	public double checkpointSeconds() { return checkpointSeconds; }

	public double lowPercentile() { return percentiles()[0]; }

	public double highPercentile() { return percentiles()[1]; }

	private double[] percentiles() {
		if (percentiles != null) return percentiles;
		return architecture == Architecture.DENSE ? new double[] { 0, 100 } : new double[] { 1, 99.8 };
	}

	public Manifest.Objective objective() { return objective; }

	/** Skip connections: as asked, else with blind-spot training and not otherwise. */
	public boolean skips() {
		return skipsOr(objective == Manifest.Objective.BLIND_SPOT);
	}

	/** Skip connections: as asked, else {@code auto}. */
	public boolean skipsOr(final boolean auto) {
		return skips != null ? skips : auto;
	}

	/** Blind-spot training: the masks of its patches; {@code null} for the added-noise objective. */
	public BlindSpots blindSpots() {
		return blindSpots;
	}

	/** The line hidden with every blind spot, as the {@code structure} key writes it, or {@code null}. */
	public String structure() {
		return blindSpots == null || blindSpots.line() == null ? null : blindSpots.line().key();
	}

	/** Whether the network learns volumes ({@code dimensions=3d}) rather than planes. */
	public boolean volumes() { return volumes; }

	/** Depth of the 3-D training patches, in slices. */
	public int patchZ() { return patchZ; }

	/** How a 3-D network pools z. */
	public VolumePlan.Pooling pooling() { return pooling; }

	/** Defaults are those of the MNIST reference experiment. */
	public static final class Builder {

		private Architecture architecture = Architecture.DENSE;
		private int[] hidden = { 50 };
		private int[] filters = { 16, 32 };
		private ConvSpec.Upsampling upsampling = ConvSpec.Upsampling.REPEAT;
		private int patch = 64, steps = 50;
		private DenseSpec.Loss loss;
		private String noise = "gaussian";
		private double sigma = 0.5, photons = 20;
		private int epochs = 20, batch = 256;
		private double rate = 1e-3, validation = 0.1;
		private long seed = 42;
		private double[] percentiles;
		private java.nio.file.Path checkpoint;
		private double checkpointSeconds;
		private Manifest.Objective objective = Manifest.Objective.ADDED_NOISE;
		private Boolean skips;
		private double masked = 0.015;
		private BlindSpots.Replacement replacement = BlindSpots.Replacement.MEDIAN;
		private boolean volumes;
		private int patchZ = 16;
		private VolumePlan.Pooling pooling = VolumePlan.Pooling.AUTO;
		private RateSchedule.Kind schedule;
		private LineMask structure;

		/** Blind-spot: structN2V's line hidden with every blind spot; {@code null} for none. */
		public Builder structure(final LineMask line) { structure = line; return this; }

		/** {@code null} for auto. */
		public Builder schedule(final RateSchedule.Kind k) { schedule = k; return this; }

		/** {@code true}: a 3-D network on volumes; {@code false} (default): 2-D, plane by plane. */
		public Builder volumes(final boolean v) { volumes = v; return this; }

		/** Depth of 3-D patches, in slices. */
		public Builder patchZ(final int z) { patchZ = z; return this; }

		public Builder pooling(final VolumePlan.Pooling p) { pooling = p; return this; }

		public Builder objective(final Manifest.Objective o) { objective = o; return this; }

		/** {@code null} for auto: with blind-spot training. */
		public Builder skips(final Boolean s) { skips = s; return this; }

		/** Blind-spot: the fraction of each patch's pixels masked. */
		public Builder masked(final double fraction) { masked = fraction; return this; }

		public Builder replacement(final BlindSpots.Replacement r) { replacement = r; return this; }

		/**
		 * Writes the model as it is after an epoch to {@code file} (at most once
		 * every {@code seconds}), for {@code init} to resume after a crash.
		 */
		public Builder checkpoint(final java.nio.file.Path file, final double seconds) {
			checkpoint = file;
			checkpointSeconds = seconds;
			return this;
		}

		public Builder architecture(final Architecture a) { architecture = a; return this; }

		public Builder hidden(final int... sizes) { hidden = sizes.clone(); return this; }

		public Builder filters(final int... counts) { filters = counts.clone(); return this; }

		public Builder upsampling(final ConvSpec.Upsampling u) { upsampling = u; return this; }

		public Builder patch(final int p) { patch = p; return this; }

		public Builder steps(final int s) { steps = s; return this; }

		/** {@code null} for auto. */
		public Builder loss(final DenseSpec.Loss l) { loss = l; return this; }

		public Builder noise(final String type, final double s) { noise = type; sigma = s; return this; }

		public Builder photons(final double p) { photons = p; return this; }

		public Builder epochs(final int e) { epochs = e; return this; }

		public Builder batch(final int b) { batch = b; return this; }

		public Builder rate(final double r) { rate = r; return this; }

		public Builder validation(final double v) { validation = v; return this; }

		public Builder seed(final long s) { seed = s; return this; }

		public Builder percentiles(final double low, final double high) {
			percentiles = new double[] { low, high };
			return this;
		}

		/** {@code null} for auto. */
		public Builder percentiles(final double[] lowHigh) {
			percentiles = lowHigh == null ? null : lowHigh.clone();
			return this;
		}

		public TrainingSettings build() {
			return new TrainingSettings(this);
		}
	}
}
