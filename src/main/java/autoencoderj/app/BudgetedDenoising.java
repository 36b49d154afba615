package autoencoderj.app;

import java.util.Locale;
import java.util.function.BooleanSupplier;

import autoencoderj.engine.training.EpochListener;
import autoencoderj.engine.training.RateSchedule;
import autoencoderj.engine.training.TrainingHistory;
import autoencoderj.model.Keys;
import autoencoderj.model.Manifest;

import ij.ImagePlus;

/**
 * Denoise Noisy Image's plan: a blind-spot U-Net, trained on the image
 * itself, sized to a time budget on the computer it runs on. A few probe
 * steps measure how long a step takes here; the budget, less the probe, the
 * engine's start and the denoising that follows, becomes the number of
 * steps, so the budget is used to its end. The rate decays over them (cosine)
 * and the last epoch is kept: at a constant rate the best-validated of nearly
 * equal epochs was kept, and on real pictures that pick was unreliable (cell,
 * 3 minutes: 39.06 dB where 2 minutes gave 39.58; cosine 39.81 and 39.73;
 * README). The run itself is seeded like any other: its manifest
 * records epochs, steps and schedule, and Train Autoencoder with those keys
 * trains the same model.
 */
public final class BudgetedDenoising {

	/**
	 * Probe steps; the first four (compilation, first use of the kernels) are
	 * not timed, and of the others the median counts: the early steps of a run
	 * are the slowest, and a mean of them overestimated a step by half.
	 */
	static final int PROBE_STEPS = 12, UNTIMED = 4;

	/** Most epochs: a loss point and a preview about every 5% of the run. */
	static final int MAX_EPOCHS = 20, STEPS_PER_EPOCH = 60, LEAST_STEPS = 20;

	/**
	 * Validation after each epoch (128 patches forward, about a third of a step
	 * per 16) and the run's bookkeeping, counted in steps.
	 */
	static final int EPOCH_OVERHEAD_STEPS = 4;

	/**
	 * Denoising an image of as many pixels as a batch of patches takes at most
	 * this many training steps' time: a forward pass is about a third of a
	 * step, and tiles overlap by the receptive field.
	 */
	static final double INFERENCE_STEPS_PER_BATCH = 1.0;

	/**
	 * Of the time left for training, the share planned: all of it, since the
	 * probe overestimates a step (a run's first steps are its slowest; runs
	 * used 63-94% of their budget at 0.9) and the deadline guard ends training
	 * on time where it does not.
	 */
	static final double PLANNED_SHARE = 1.0;

	private BudgetedDenoising() {}

	/** What the probe measured and what the run will do. */
	public static final class Plan {

		private final TrainingSettings settings;
		private final double stepSeconds, startSeconds, denoiseSeconds;
		private final long deadlineNanos;

		Plan(final TrainingSettings settings, final double stepSeconds, final double startSeconds,
			final double denoiseSeconds, final long deadlineNanos)
		{
			this.settings = settings;
			this.stepSeconds = stepSeconds;
			this.startSeconds = startSeconds;
			this.denoiseSeconds = denoiseSeconds;
			this.deadlineNanos = deadlineNanos;
		}

		public TrainingSettings settings() { return settings; }

		/**
		 * {@code control}, and also true once training must end for the
		 * denoising to finish within the budget: then it calls {@code stop}, so
		 * that the best model so far is kept.
		 */
		public BooleanSupplier until(final BooleanSupplier control, final Runnable stop) {
			final long trainingEnds = deadlineNanos - (long) (denoiseSeconds * 1e9);
			return () -> {
				if (control.getAsBoolean()) return true;
				if (System.nanoTime() < trainingEnds) return false;
				stop.run();
				return true;
			};
		}

		/** One line for the log, the result's info and the note. */
		public String describe() {
			final TrainingSettings s = settings;
			return String.format(Locale.ROOT, "a blind-spot U-Net (filters %s) trained on the image: " +
				"%d epochs of %d steps of %d %s patches at a rate of %.0e (%s); a step took " +
				"%.3f s here", java.util.Arrays.toString(s.filters()).replaceAll("[\\[\\],]", ""), s.epochs(),
				s.steps(), s.batch(), patchText(s), s.rate(), Keys.of(s.schedule()), stepSeconds);
		}

		double startSeconds() { return startSeconds; }
	}

	/**
	 * The settings of the README's blind-spot recipe for {@code imp}: a 16-32
	 * U-Net, one pixel in 16 masked, batches of 16 64x64 patches (smaller
	 * patches for a smaller image); in 3-D batches of 4 16x32x32 patches.
	 */
	static TrainingSettings.Builder recipe(final ImagePlus imp, final boolean volumes,
		final long seed)
	{
		final TrainingSettings.Builder b = TrainingSettings.builder().architecture(
			TrainingSettings.Architecture.CONVOLUTIONAL).objective(Manifest.Objective.BLIND_SPOT).filters(
				16, 32).rate(1e-3).seed(seed).schedule(RateSchedule.Kind.COSINE);
		if (volumes) {
			final int depth = imp.getNSlices();
			if (depth < 8) throw new IllegalArgumentException("'" + imp.getTitle() + "' has " + depth +
				" slice" + (depth == 1 ? "" : "s") + " in z; a 3-D model needs at least 8. Use " +
				"dimensions=2d, which denoises every slice as an image.");
			final int patchZ = depth >= 16 ? 16 : 8, side = side(imp, 32);
			final boolean apart = imp.getNFrames() >= 5 || held(imp.getHeight(), side) || held(depth,
				patchZ);
			return b.volumes(true).patchZ(patchZ).patch(side).batch(4).masked(0.0039).validation(apart
				? VALIDATION : 0);
		}
		final int side = side(imp, 64);
		final boolean apart = imp.getStackSize() >= 5 || held(imp.getHeight(), side);
		return b.patch(side).batch(16).masked(0.0625).validation(apart ? VALIDATION : 0);
	}

	/**
	 * Held out where the image allows it, as the samplers hold it out (whole
	 * slices or frames, else a band); without it the last epoch is kept.
	 */
	private static final double VALIDATION = 0.1;

	/** Whether {@code size} leaves a patch of {@code patch} on both sides of a validation band. */
	private static boolean held(final int size, final int patch) {
		return size - Math.max(patch, (int) Math.round(size * VALIDATION)) >= patch;
	}

	/** The largest patch side up to {@code most} that the image holds, a multiple of 4 (two poolings). */
	private static int side(final ImagePlus imp, final int most) {
		return Math.max(4, Math.min(most, Math.min(imp.getWidth(), imp.getHeight()) / 4 * 4));
	}

	/**
	 * Measures a few steps of the recipe on {@code imp} and plans the run to
	 * end, with the denoising, within {@code minutes} of {@code startNanos}.
	 *
	 * @param average whether the denoising will average 8 flips and rotations
	 * @return {@code null} when cancelled during the probe
	 * @throws IllegalArgumentException when the budget cannot hold a useful run,
	 *           naming the budget that can
	 */
	public static Plan plan(final ImagePlus imp, final double minutes, final boolean volumes,
		final boolean average, final long seed, final long startNanos, final BooleanSupplier cancelled)
	{
		if (!(minutes > 0 && minutes <= 7 * 24 * 60)) throw new IllegalArgumentException("The time " +
			"budget must be more than 0 and at most a week (10080 minutes), got " + minutes + ".");
		final TrainingSettings probe = recipe(imp, volumes, seed).epochs(1).steps(PROBE_STEPS)
			.validation(0).schedule(RateSchedule.Kind.CONSTANT).build();
		final long[] at = new long[PROBE_STEPS + 1];
		final long probeStart = System.nanoTime();
		final TrainingResult r = Training.train(imp, probe, null, null, new EpochListener() {

			@Override
			public void batchDone(final int epoch, final int batch, final int batches) {
				at[batch] = System.nanoTime();
			}

			@Override
			public void epochDone(final TrainingHistory history) {}
		}, cancelled);
		if (r.history().cancelled()) return null;
		final double[] steps = new double[PROBE_STEPS - UNTIMED];
		for (int i = 0; i < steps.length; i++)
			steps[i] = (at[UNTIMED + i + 1] - at[UNTIMED + i]) * 1e-9;
		java.util.Arrays.sort(steps);
		final double step = 0.5 * (steps[(steps.length - 1) / 2] + steps[steps.length / 2]);
		final double start = Math.max(0, (at[1] - probeStart) * 1e-9 - step);
		final TrainingSettings recipe = recipe(imp, volumes, seed).build();
		final double batchVoxels = (double) recipe.batch() * recipe.patch() * recipe.patch() * (volumes
			? recipe.patchZ() : 1);
		final double voxels = (double) imp.getWidth() * imp.getHeight() * imp.getStackSize();
		// and the measure of the output's offset on up to OutputOffset.MAX_VALUES of the image
		final double denoise = step * INFERENCE_STEPS_PER_BATCH * (Math.max(1, voxels / batchVoxels) *
			(average ? 8 : 1) + Math.max(1, Math.min(voxels, OutputOffset.MAX_VALUES) / batchVoxels));
		final long deadline = startNanos + (long) (minutes * 60e9);
		final double left = (deadline - System.nanoTime()) * 1e-9 - start - denoise;
		final long planned = (long) (left * PLANNED_SHARE / step);
		final int epochs = (int) Math.max(1, Math.min(MAX_EPOCHS, planned / STEPS_PER_EPOCH));
		final long perEpoch = planned / epochs - EPOCH_OVERHEAD_STEPS;
		if (perEpoch * epochs < LEAST_STEPS) {
			final double least = ((LEAST_STEPS + EPOCH_OVERHEAD_STEPS) * step / PLANNED_SHARE + start +
				denoise + (System.nanoTime() - startNanos) * 1e-9) / 60;
			throw new IllegalArgumentException(String.format(Locale.ROOT, "A budget of %s minutes is " +
				"too short for '%s' on this computer: a training step takes %.2f s and denoising the " +
				"image about %.0f s. Give at least %.1f minutes.", minutes, imp.getTitle(), step, denoise,
				Math.ceil(least * 10) / 10));
		}
		final TrainingSettings s = recipe(imp, volumes, seed).epochs(epochs).steps((int) Math.min(
			Integer.MAX_VALUE, perEpoch)).build();
		return new Plan(s, step, start, denoise, deadline);
	}

	private static String patchText(final TrainingSettings s) {
		return s.volumes() ? s.patchZ() + "x" + s.patch() + "x" + s.patch() : s.patch() + "x" + s
			.patch();
	}
}
