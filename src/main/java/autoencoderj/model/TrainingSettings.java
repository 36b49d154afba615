package autoencoderj.model;

/**
 * What to train and how: the values behind Train Autoencoder's parameters.
 * Immutable; build with {@link #builder()}.
 */
public final class TrainingSettings {

	private final int[] hidden;
	private final DenseSpec.Loss loss;
	private final String noise;
	private final double sigma;
	private final int epochs, batch;
	private final double rate, validation;
	private final long seed;
	private final double lowPercentile, highPercentile;

	private TrainingSettings(final Builder b) {
		if (b.epochs < 1) throw new IllegalArgumentException("Epochs must be at least 1, got " + b.epochs);
		if (b.batch < 1) throw new IllegalArgumentException("Batch size must be at least 1, got " + b.batch);
		if (!(b.rate > 0 && b.rate < 1)) throw new IllegalArgumentException(
			"The learning rate must be between 0 and 1 (1e-3 is usual for Adam), got " + b.rate);
		if (!(b.validation >= 0 && b.validation < 1)) throw new IllegalArgumentException(
			"The validation fraction must be at least 0 and below 1 (0.1 keeps 10% aside), got " +
				b.validation);
		this.hidden = b.hidden.clone();
		this.loss = b.loss;
		this.noise = b.noise;
		this.sigma = b.sigma;
		this.epochs = b.epochs;
		this.batch = b.batch;
		this.rate = b.rate;
		this.validation = b.validation;
		this.seed = b.seed;
		this.lowPercentile = b.lowPercentile;
		this.highPercentile = b.highPercentile;
	}

	public static Builder builder() {
		return new Builder();
	}

	public int[] hidden() { return hidden.clone(); }

	public DenseSpec.Loss loss() { return loss; }

	/** {@code none} or {@code gaussian}. */
	public String noise() { return noise; }

	/** Noise strength in normalised units. */
	public double sigma() { return sigma; }

	public int epochs() { return epochs; }

	public int batch() { return batch; }

	public double rate() { return rate; }

	/** Fraction of samples kept aside for validation. */
	public double validation() { return validation; }

	public long seed() { return seed; }

	public double lowPercentile() { return lowPercentile; }

	public double highPercentile() { return highPercentile; }

	/** Defaults are those of the MNIST reference experiment. */
	public static final class Builder {

		private int[] hidden = { 50 };
		private DenseSpec.Loss loss = DenseSpec.Loss.XENT;
		private String noise = "gaussian";
		private double sigma = 0.5;
		private int epochs = 20, batch = 256;
		private double rate = 1e-3, validation = 0.1;
		private long seed = 42;
		private double lowPercentile = 0, highPercentile = 100;

		public Builder hidden(final int... sizes) { hidden = sizes.clone(); return this; }

		public Builder loss(final DenseSpec.Loss l) { loss = l; return this; }

		public Builder noise(final String type, final double s) { noise = type; sigma = s; return this; }

		public Builder epochs(final int e) { epochs = e; return this; }

		public Builder batch(final int b) { batch = b; return this; }

		public Builder rate(final double r) { rate = r; return this; }

		public Builder validation(final double v) { validation = v; return this; }

		public Builder seed(final long s) { seed = s; return this; }

		public Builder percentiles(final double low, final double high) {
			lowPercentile = low;
			highPercentile = high;
			return this;
		}

		public TrainingSettings build() {
			return new TrainingSettings(this);
		}
	}
}
