package autoencoderj.data;

import autoencoderj.convert.ImagePluses;
import autoencoderj.ops.Normalization;

import ij.ImagePlus;
import ij.ImageStack;

import net.imglib2.img.array.ArrayImgs;

/**
 * An image seen as samples of one or more channels: position {@code p} (a
 * slice and frame of a hyperstack, or a slice of a plain stack) holds one
 * plane per chosen channel. An RGB image has the channels red, green, blue.
 * This is what image-to-image training pairs and predicts: the source
 * channels of a position in, its target channels out.
 */
public final class ChannelPlanes {

	private final ImagePlus imp;
	private final ImageStack stack;
	/** Chosen channels, 1-based (for RGB: 1 red, 2 green, 3 blue). */
	private final int[] channels;
	private final boolean rgb, everyPlane;
	private final int positions;

	private ChannelPlanes(final ImagePlus imp, final int[] channels, final boolean everyPlane) {
		this.imp = imp;
		this.stack = imp.getStack();
		this.channels = channels;
		this.rgb = imp.getType() == ImagePlus.COLOR_RGB;
		this.everyPlane = everyPlane;
		this.positions = everyPlane || rgb ? stack.getSize() : imp.getNSlices() * imp.getNFrames();
	}

	/** Every plane of a grayscale image as a one-channel position (the autoencoders' view). */
	public static ChannelPlanes everyPlane(final ImagePlus imp) {
		ImagePluses.checkSupported(imp);
		return new ChannelPlanes(imp, new int[] { 1 }, true);
	}

	/**
	 * @param channel 1-based channel to take, or 0 for all of them
	 * @param role how the image is called in messages, e.g. {@code source}
	 * @throws IllegalArgumentException naming the image, what is wrong and the fix
	 */
	public static ChannelPlanes of(final ImagePlus imp, final int channel, final String role) {
		if (imp == null) throw new IllegalArgumentException("No " + role + " image. Open one, or " +
			"give a file path.");
		final boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		if (rgb && imp.getNChannels() > 1) throw new IllegalArgumentException("The " + role + " '" +
			imp.getTitle() + "' is an RGB hyperstack with " + imp.getNChannels() + " channels; use " +
			"Image > Color > Split Channels and give one channel.");
		if (!rgb) ImagePluses.checkSupported(imp);
		final int available = rgb ? 3 : imp.getNChannels();
		if (channel < 0 || channel > available) throw new IllegalArgumentException("The " + role +
			" channel " + channel + " is out of range: '" + imp.getTitle() + "' has " + available +
			(rgb ? " colour channels (1 red, 2 green, 3 blue)" : " channel" + (available == 1 ? ""
				: "s")) + ". Give a channel from 1 to " + available + ", or 0 for all.");
		final int[] chosen;
		if (channel > 0) chosen = new int[] { channel };
		else {
			chosen = new int[available];
			for (int c = 0; c < available; c++)
				chosen[c] = c + 1;
		}
		return new ChannelPlanes(imp, chosen, false);
	}

	public String title() { return imp.getTitle(); }

	public int width() { return imp.getWidth(); }

	public int height() { return imp.getHeight(); }

	public int positions() { return positions; }

	public int channels() { return channels.length; }

	public boolean rgb() { return rgb; }

	/** The chosen channels, 1-based. */
	public int[] chosen() { return channels.clone(); }

	public ImagePlus image() { return imp; }

	/** The pixels of channel {@code c} (0-based among the chosen) at {@code position}. */
	public Object pixels(final int position, final int c) {
		if (everyPlane || rgb) return stack.getPixels(position + 1);
		final int z = position % imp.getNSlices(), t = position / imp.getNSlices();
		return stack.getPixels(imp.getStackIndex(channels[c], z + 1, t + 1));
	}

	/** Raw value of pixel {@code i} of channel {@code c} in {@code pixels(position, c)}. */
	public float value(final Object pixels, final int c, final int i) {
		if (pixels instanceof byte[]) return ((byte[]) pixels)[i] & 0xff;
		if (pixels instanceof short[]) return ((short[]) pixels)[i] & 0xffff;
		if (pixels instanceof int[]) return ((int[]) pixels)[i] >> (8 * (3 - channels[c])) & 0xff;
		return ((float[]) pixels)[i];
	}

	/** Percentile normalisation of each chosen channel over all positions. */
	public Normalization[] percentiles(final double low, final double high) {
		final Normalization[] norms = new Normalization[channels.length];
		final int plane = width() * height();
		final long total = (long) plane * positions;
		final int step = (int) Math.max(1, total / 1_000_000);
		for (int c = 0; c < channels.length; c++) {
			final float[] samples = new float[(int) ((total + step - 1) / step)];
			int n = 0;
			for (long k = 0; k < total; k += step) {
				final Object px = pixels((int) (k / plane), c);
				samples[n++] = value(px, c, (int) (k % plane));
			}
			norms[c] = Normalization.percentiles(ArrayImgs.floats(java.util.Arrays.copyOf(samples, n),
				n), low, high);
		}
		return norms;
	}
}
