package autoencoderj.app;

import java.util.function.BooleanSupplier;

/**
 * What the user asked of a running training: to go on, to Stop (end now and
 * keep the best model so far) or to Cancel (end now and write nothing). The
 * trainer polls it between minibatches; either request ends the run there,
 * and the command then writes the model or not.
 */
public final class TrainingControl implements BooleanSupplier {

	private final BooleanSupplier elsewhere;
	private volatile boolean stop, cancel;

	/** @param elsewhere a cancel from outside (the command's own, a thread interrupt) */
	public TrainingControl(final BooleanSupplier elsewhere) {
		this.elsewhere = elsewhere;
	}

	/** End the run and keep the best model so far. */
	public void stop() {
		stop = true;
	}

	/** End the run and write nothing. */
	public void cancel() {
		cancel = true;
	}

	/** Whether Stop was asked, and no cancel. */
	public boolean stopping() {
		return stop && !cancelling();
	}

	/** Whether Cancel was asked here or elsewhere. */
	public boolean cancelling() {
		return cancel || elsewhere.getAsBoolean();
	}

	/** Whether this control's {@link #cancel} was asked (the training window's Cancel). */
	public boolean cancelAsked() {
		return cancel;
	}

	/** Whether the run is to end now. */
	@Override
	public boolean getAsBoolean() {
		return stop || cancelling();
	}
}
