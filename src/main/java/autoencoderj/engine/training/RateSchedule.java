package autoencoderj.engine.training;

/**
 * The learning rate over a training, step by step: constant; a cosine decay
 * from the rate to zero over all the steps asked for (SGDR without restarts,
 * Loshchilov and Hutter 2017; PyTorch's Noise2Void gained 0.5-0.7 dB from it);
 * or halved whenever the validation loss has not improved for
 * {@link #PATIENCE} epochs (Keras' ReduceLROnPlateau, as n2v trains).
 * <p>
 * A cosine run ends at a rate near zero, where its last epoch is the one to
 * keep: the validation loss of blind-spot training is a noisy estimate that
 * tells nearly equal epochs apart poorly, while the last epoch has averaged
 * the most steps at the smallest rates.
 * </p>
 */
public final class RateSchedule {

	/** How the rate changes. */
	public enum Kind {
		CONSTANT, COSINE, PLATEAU
	}

	/** Epochs without a better validation loss before a plateau schedule halves the rate. */
	public static final int PATIENCE = 3;

	private final Kind kind;
	private final double rate;
	private double plateauRate;
	private int sinceBest;

	public RateSchedule(final Kind kind, final double rate) {
		this.kind = kind;
		this.rate = rate;
		this.plateauRate = rate;
	}

	public static RateSchedule constant(final double rate) {
		return new RateSchedule(Kind.CONSTANT, rate);
	}

	public Kind kind() {
		return kind;
	}

	/** The rate for step {@code step} (from 0) of {@code steps} in the whole run. */
	public double rate(final long step, final long steps) {
		switch (kind) {
			case COSINE:
				return rate * 0.5 * (1 + Math.cos(Math.PI * Math.min(step, steps) / steps));
			case PLATEAU:
				return plateauRate;
			default:
				return rate;
		}
	}

	/** Called after each epoch; a plateau schedule halves its rate after {@link #PATIENCE} epochs without a better validation loss. */
	void epochDone(final TrainingHistory history) {
		if (kind != Kind.PLATEAU || history.bestEpoch() == history.epochs()) {
			sinceBest = 0;
			return;
		}
		if (++sinceBest >= PATIENCE) {
			plateauRate *= 0.5;
			sinceBest = 0;
		}
	}

	/** Whether a run that ends as planned keeps its last epoch rather than its best-validated one. */
	boolean keepsLast() {
		return kind == Kind.COSINE;
	}
}
