package autoencoderj.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;

/** Turns IDX images and labels into ImageJ stacks, and opens the bundled sample. */
public final class MnistStacks {

	/** Images of the bundled MNIST sample, inside the jar. */
	public static final String SAMPLE_IMAGES = "/autoencoderj/data/mnist-sample-images-idx3-ubyte.gz";
	/** Labels of the bundled MNIST sample, inside the jar. */
	public static final String SAMPLE_LABELS = "/autoencoderj/data/mnist-sample-labels-idx1-ubyte.gz";
	/** Credit the sample's licence (CC BY-SA 3.0) requires. */
	public static final String SAMPLE_CREDIT =
		"MNIST sample: Y. LeCun, C. Cortes, C. J. C. Burges, CC BY-SA 3.0";

	private MnistStacks() {}

	/**
	 * An 8-bit stack, one slice per image; with labels, each slice's label is its
	 * class ("0" to "9" for MNIST).
	 *
	 * @param labels one per image, or {@code null}
	 */
	public static ImagePlus toImagePlus(final IdxImages images, final int[] labels,
		final String title)
	{
		if (labels != null && labels.length != images.count()) {
			throw new IllegalArgumentException("The labels file has " + labels.length +
				" labels but the images file has " + images.count() +
				" images: choose the labels that belong to these images.");
		}
		final ImageStack stack = new ImageStack(images.columns(), images.rows());
		for (int i = 0; i < images.count(); i++) {
			final ByteProcessor ip = new ByteProcessor(images.columns(), images.rows(), images
				.image(i));
			stack.addSlice(labels == null ? null : Integer.toString(labels[i]), ip);
		}
		return new ImagePlus(title, stack);
	}

	/** Number of slices per label, in label order. */
	public static Map<Integer, Integer> labelCounts(final int[] labels) {
		final Map<Integer, Integer> counts = new TreeMap<>();
		for (final int label : labels)
			counts.merge(label, 1, Integer::sum);
		return counts;
	}

	/** The bundled sample: 2,000 MNIST training digits with their labels. */
	public static ImagePlus openSample() {
		try (InputStream im = resource(SAMPLE_IMAGES); InputStream lb = resource(SAMPLE_LABELS)) {
			final IdxImages images = Idx.readImages(im, "bundled MNIST sample");
			final int[] labels = Idx.readLabels(lb, "bundled MNIST sample labels");
			final ImagePlus imp = toImagePlus(images, labels, "MNIST sample");
			imp.setProperty("Info", SAMPLE_CREDIT);
			return imp;
		}
		catch (final IOException exc) {
			throw new IllegalStateException("The MNIST sample inside the AutoencoderJ jar " +
				"cannot be read (" + exc.getMessage() + "): reinstall the plugin.", exc);
		}
	}

	private static InputStream resource(final String path) throws IOException {
		final InputStream in = MnistStacks.class.getResourceAsStream(path);
		if (in == null) throw new IOException(path + " is missing");
		return in;
	}
}
