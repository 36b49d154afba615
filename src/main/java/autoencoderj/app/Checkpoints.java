package autoencoderj.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;

import autoencoderj.engine.training.EpochListener;
import autoencoderj.engine.training.TrainingHistory;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;

import org.deeplearning4j.nn.api.Model;

/**
 * Writes the model being trained, with its optimiser state, to a checkpoint
 * file after an epoch, at most once every so many seconds, so that a
 * training killed by a crash, a time limit or a closed laptop can be resumed
 * with {@code init}. Each checkpoint replaces the last whole (see
 * {@link ModelFiles#save}); its manifest says it is one.
 */
final class Checkpoints implements EpochListener {

	private final EpochListener delegate;
	private final Model net;
	private final Function<TrainingHistory, Manifest> manifest;
	private final Path file;
	private final long intervalNanos;
	private long last = System.nanoTime();

	private Checkpoints(final EpochListener delegate, final Model net,
		final Function<TrainingHistory, Manifest> manifest, final Path file, final double seconds)
	{
		this.delegate = delegate;
		this.net = net;
		this.manifest = manifest;
		this.file = file;
		this.intervalNanos = (long) (seconds * 1e9);
	}

	/**
	 * {@code listener}, writing checkpoints as {@code s} says.
	 *
	 * @param manifest the manifest of the model as it is after the epochs of a history
	 */
	static EpochListener around(final EpochListener listener, final Model net,
		final Function<TrainingHistory, Manifest> manifest, final TrainingSettings s)
	{
		return s.checkpoint() == null ? listener : new Checkpoints(listener, net, manifest, s
			.checkpoint(), s.checkpointSeconds());
	}

	@Override
	public void batchDone(final int epoch, final int batch, final int batches) {
		if (delegate != null) delegate.batchDone(epoch, batch, batches);
	}

	@Override
	public void epochDone(final TrainingHistory history) {
		epochDone(history, net);
	}

	@Override
	public void epochDone(final TrainingHistory history, final Model network) {
		if (delegate != null) delegate.epochDone(history, network);
		final long now = System.nanoTime();
		if (now - last < intervalNanos) return;
		final Manifest m = manifest.apply(history);
		m.training.checkpoint = true;
		try {
			ModelFiles.save(new AutoencoderModel(net, m), file);
		}
		catch (final IOException exc) {
			throw new UncheckedIOException(exc);
		}
		last = System.nanoTime();
	}
}
