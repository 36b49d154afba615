package autoencoderj.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * A package's cover: the test input's first channel beside the test
 * output's, each scaled to its own range, 2:1 as bioimage.io asks.
 */
final class Cover {

	private static final int HEIGHT = 256;

	private Cover() {}

	static byte[] png(final TestTensors test) {
		final int w = test.width, h = test.height, plane = w * h;
		final int width = Math.max(1, Math.round((float) HEIGHT * w / h));
		final ByteProcessor cover = new ByteProcessor(2 * width, HEIGHT);
		final float[] in = new float[plane], out = new float[plane];
		// a volume's middle slice
		final int from = test.depth / 2 * plane;
		System.arraycopy(test.input, from, in, 0, plane);
		System.arraycopy(test.output, from, out, 0, plane);
		cover.insert(scaled(in, w, h, width), 0, 0);
		cover.insert(scaled(out, w, h, width), width, 0);
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			ImageIO.write(cover.getBufferedImage(), "png", bytes);
		}
		catch (final IOException exc) {
			throw new UncheckedIOException(exc);
		}
		return bytes.toByteArray();
	}

	private static ImageProcessor scaled(final float[] values, final int w, final int h,
		final int width)
	{
		final FloatProcessor fp = new FloatProcessor(w, h, values);
		fp.resetMinAndMax();
		fp.setInterpolationMethod(ImageProcessor.NONE);
		return fp.convertToByteProcessor(true).resize(width, HEIGHT);
	}
}
