package autoencoderj.app;

import java.util.function.BooleanSupplier;

import autoencoderj.data.ChannelPlanes;
import autoencoderj.data.PatchSampler;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.training.EpochListener;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.Keys;
import autoencoderj.model.Manifest;
import autoencoderj.ops.Noises;
import autoencoderj.ops.NonFinite;
import autoencoderj.ops.Normalization;

/**
 * Trains a convolutional network that maps source channels to target
 * channels (colourising, predicting a stain from transmitted light) on
 * patches at the same places of both, through the same training as the
 * convolutional autoencoders ({@link ConvTraining#fit}).
 */
public final class ImageToImageTraining {

	private ImageToImageTraining() {}

	/**
	 * @throws IllegalArgumentException with a message for the user when source
	 *           and target do not pair up or the settings do not fit
	 */
	public static TrainingResult train(final ChannelPlanes source, final ChannelPlanes target,
		final TrainingSettings s, final EpochListener listener, final BooleanSupplier cancelled)
	{
		checkPairs(source, target);
		NonFinite.refuseInTraining(source.image(), "source");
		if (target.image() != source.image()) NonFinite.refuseInTraining(target.image(),
			"target");
		if (s.volumes()) return VolumeTraining.trainImageToImage(source, target, s, listener,
			cancelled);
		final ConvSpec plain = ConvSpec.forPatch(s.patch(), s.filters(), s.upsampling(), source
			.channels(), target.channels(), s.loss());
		// a U-Net unless asked otherwise: fine detail reaches the output through the skips
		final ConvSpec spec = plain.withSkips(s.skipsOr(!plain.validLastConv()));
		ModelFit.largeEnoughToTrain(spec, source.title(), source.width(), source.height());
		Nd4jRuntime.ensureReady();
		final Normalization[] in = source.percentiles(s.lowPercentile(), s.highPercentile());
		final Normalization[] out = target.percentiles(s.lowPercentile(), s.highPercentile());
		final PatchSampler sampler = new PatchSampler(source, in, target, out, s.patch(), s
			.validation(), spec.sigmoid(), s.seed());
		return ConvTraining.fit(source.image(), spec, sampler, in[0], Noises.none(), s, null, null,
			listener, cancelled, m -> describePairs(m, source, target, in, out));
	}

	/** What an image-to-image manifest says beyond an autoencoder's: the task, channels, normalisations. */
	static Manifest describePairs(final Manifest m, final ChannelPlanes source,
		final ChannelPlanes target, final Normalization[] in, final Normalization[] out)
	{
		m.task = Keys.of(Manifest.Task.IMAGE_TO_IMAGE);
		m.sourceChannel = source.channels() == 1 ? source.chosen()[0] : 0;
		m.targetChannel = target.channels() == 1 ? target.chosen()[0] : 0;
		m.sourceRgb = source.rgb();
		m.targetRgb = target.rgb() && target.channels() == 3;
		m.inputNormalizations = Manifests.infos(in);
		m.outputNormalizations = Manifests.infos(out);
		m.training.data = Manifest.printable("source " + m.training.data + "; target '" + target
			.title() + "' channel" + (target.channels() == 1 ? " " + target.chosen()[0] : "s " + java.util
				.Arrays.toString(target.chosen())));
		return m;
	}

	static void checkPairs(final ChannelPlanes source, final ChannelPlanes target) {
		if (source.width() != target.width() || source.height() != target.height() || source
			.positions() != target.positions())
		{
			throw new IllegalArgumentException("Source and target must be the same size to pair up, " +
				"but the source '" + source.title() + "' is " + describe(source) + " and the target '" +
				target.title() + "' is " + describe(target) + ". Crop or scale one to match (Image > " +
				"Crop, Image > Scale), or give one hyperstack with sourcechannel and targetchannel.");
		}
		if (source.image() == target.image() && java.util.Arrays.equals(source.chosen(), target
			.chosen())) throw new IllegalArgumentException("Source and target are the same channels of '" +
				source.title() + "': choose a different targetchannel, or a target image.");
	}

	private static String describe(final ChannelPlanes p) {
		return p.width() + "x" + p.height() + " with " + p.positions() + " slice" + (p
			.positions() == 1 ? "" : "s");
	}
}
