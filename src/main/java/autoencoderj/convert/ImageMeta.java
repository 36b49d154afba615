package autoencoderj.convert;

import java.util.Arrays;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;

/**
 * What an {@link ImagePlus} carries besides its pixels and what a result must
 * keep: title, calibration, slice labels and the hyperstack layout.
 */
public final class ImageMeta {

	private final String title;
	private final Calibration calibration;
	private final String[] sliceLabels;
	private final int channels, slices, frames;

	public ImageMeta(final String title, final Calibration calibration,
		final String[] sliceLabels, final int channels, final int slices,
		final int frames)
	{
		if (sliceLabels.length != channels * slices * frames) {
			throw new IllegalArgumentException("Expected " + channels * slices * frames +
				" slice labels, got " + sliceLabels.length);
		}
		this.title = title;
		this.calibration = calibration == null ? new Calibration() : calibration.copy();
		this.sliceLabels = sliceLabels.clone();
		this.channels = channels;
		this.slices = slices;
		this.frames = frames;
	}

	public static ImageMeta of(final ImagePlus imp) {
		final ImageStack stack = imp.getStack();
		final String[] labels = new String[stack.getSize()];
		for (int i = 0; i < labels.length; i++)
			labels[i] = stack.getSliceLabel(i + 1);
		return new ImageMeta(imp.getTitle(), imp.getCalibration(), labels, imp
			.getNChannels(), imp.getNSlices(), imp.getNFrames());
	}

	/** {@code title} with {@code suffix} before its extension: {@code a.tif} becomes {@code a-x.tif}. */
	public static String suffixed(final String title, final String suffix) {
		final int dot = title.lastIndexOf('.');
		final String stem = dot > 0 ? title.substring(0, dot) : title;
		return stem + suffix + (dot > 0 ? title.substring(dot) : "");
	}

	/** The same metadata under another title. */
	public ImageMeta withTitle(final String newTitle) {
		return new ImageMeta(newTitle, calibration, sliceLabels, channels, slices, frames);
	}

	/** Writes title, calibration, labels and layout onto {@code imp}. */
	public void applyTo(final ImagePlus imp) {
		imp.setTitle(title);
		imp.setCalibration(calibration.copy());
		final ImageStack stack = imp.getStack();
		for (int i = 0; i < sliceLabels.length && i < stack.getSize(); i++)
			stack.setSliceLabel(sliceLabels[i], i + 1);
		if (stack.getSize() == channels * slices * frames) {
			imp.setDimensions(channels, slices, frames);
			if (channels > 1 || frames > 1) imp.setOpenAsHyperStack(true);
		}
	}

	public String title() { return title; }

	public Calibration calibration() { return calibration.copy(); }

	/** Slice labels in stack order; entries may be {@code null}. */
	public String[] sliceLabels() { return sliceLabels.clone(); }

	public int channels() { return channels; }

	public int slices() { return slices; }

	public int frames() { return frames; }

	public int planes() { return sliceLabels.length; }

	@Override
	public String toString() {
		return title + " " + channels + "c x " + slices + "z x " + frames + "t " +
			Arrays.toString(sliceLabels);
	}
}
