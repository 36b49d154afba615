package autoencoderj.app;

import java.util.Random;

import ij.ImagePlus;
import ij.process.FloatProcessor;

/**
 * A synthetic fluorescence image made in the test, and its noisy version:
 * a smooth background, Gaussian spots and thin curved filaments, then
 * Poisson (shot) noise at {@code photons} per unit intensity and Gaussian
 * (read) noise. The clean image is known, so a result can be scored.
 */
final class SyntheticFluorescence {

	final float[] clean, noisy;
	final int width, height;

	SyntheticFluorescence(final int width, final int height, final double photons,
		final double readSigma, final long seed)
	{
		this(width, height, photons, readSigma, 0, seed);
	}

	/**
	 * @param columns where above 0, the noise is instead Gaussian white noise
	 *          summed over this many neighbouring columns (correlated along rows,
	 *          as a camera's read-out stripes), {@code readSigma} per pixel
	 */
	SyntheticFluorescence(final int width, final int height, final double photons,
		final double readSigma, final int columns, final long seed)
	{
		this.width = width;
		this.height = height;
		final Random r = new Random(seed);
		clean = new float[width * height];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				clean[y * width + x] = (float) (0.04 + 0.02 * Math.sin(2 * Math.PI * x / width) * Math.cos(
					Math.PI * y / height));
		final int spots = width * height / 400;
		for (int k = 0; k < spots; k++)
			blob(r.nextDouble() * width, r.nextDouble() * height, 0.8 + 0.8 * r.nextDouble(), 0.5 + 0.5 * r
				.nextDouble());
		final int filaments = Math.max(2, width * height / 4000);
		for (int k = 0; k < filaments; k++) {
			double x = r.nextDouble() * width, y = r.nextDouble() * height, angle = r.nextDouble() * 2 *
				Math.PI;
			final double a = 0.3 + 0.3 * r.nextDouble();
			for (int step = 0; step < 2 * Math.max(width, height); step++) {
				blob(x, y, 0.8, a * 0.3);
				angle += 0.08 * r.nextGaussian();
				x += 0.5 * Math.cos(angle);
				y += 0.5 * Math.sin(angle);
				if (x < 0 || y < 0 || x >= width || y >= height) break;
			}
		}
		noisy = new float[clean.length];
		if (columns > 0) {
			final int wide = width + columns - 1;
			final double[] white = new double[height * wide];
			for (int i = 0; i < white.length; i++)
				white[i] = r.nextGaussian();
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) {
					double sum = 0;
					for (int d = 0; d < columns; d++)
						sum += white[y * wide + x + d];
					noisy[y * width + x] = (float) (clean[y * width + x] + readSigma * sum / Math.sqrt(columns));
				}
			return;
		}
		for (int i = 0; i < clean.length; i++)
			noisy[i] = (float) (poisson(clean[i] * photons, r) / photons + readSigma * r.nextGaussian());
	}

	private void blob(final double cx, final double cy, final double sd, final double amplitude) {
		final int rad = (int) Math.ceil(3 * sd);
		for (int y = Math.max(0, (int) cy - rad); y <= Math.min(height - 1, (int) cy + rad); y++)
			for (int x = Math.max(0, (int) cx - rad); x <= Math.min(width - 1, (int) cx + rad); x++)
				clean[y * width + x] += (float) (amplitude * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y -
					cy)) / (2 * sd * sd)));
	}

	private static int poisson(final double mean, final Random r) {
		if (mean > 50) return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
		final double limit = Math.exp(-mean);
		double p = 1;
		int k = -1;
		do {
			k++;
			p *= r.nextDouble();
		}
		while (p > limit);
		return k;
	}

	ImagePlus noisyImage() {
		return new ImagePlus("noisy fluorescence", new FloatProcessor(width, height, noisy.clone()));
	}

	/** PSNR of {@code test} against the clean image, over the clean image's range. */
	double psnr(final float[] test) {
		float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
		double sum = 0;
		for (int i = 0; i < clean.length; i++) {
			lo = Math.min(lo, clean[i]);
			hi = Math.max(hi, clean[i]);
			final double d = test[i] - clean[i];
			sum += d * d;
		}
		return 10 * Math.log10((double) (hi - lo) * (hi - lo) / (sum / clean.length));
	}

	/** The best PSNR a Gaussian blur reaches, its sigma chosen on the clean image: {psnr, sigma}. */
	double[] bestBlur() {
		double best = Double.NEGATIVE_INFINITY, bestSigma = 0;
		for (double sigma = 0.5; sigma <= 4; sigma += 0.125) {
			final FloatProcessor fp = new FloatProcessor(width, height, noisy.clone());
			new ij.plugin.filter.GaussianBlur().blurGaussian(fp, sigma, sigma, 0.0002);
			final double p = psnr((float[]) fp.getPixels());
			if (p > best) {
				best = p;
				bestSigma = sigma;
			}
		}
		return new double[] { best, bestSigma };
	}

	/**
	 * Writes a README figure: 96x96 crops at ({@code x}, {@code y}) of each
	 * plane, side by side, each shown at twice its size from 0 to {@code white},
	 * 8 white pixels apart (no text: tests run headless).
	 */
	void figure(final String path, final int x, final int y, final double white,
		final float[]... planes)
	{
		final ij.process.ByteProcessor row = new ij.process.ByteProcessor(planes.length * 200 - 8, 192);
		row.setColor(255);
		row.fill();
		for (int i = 0; i < planes.length; i++) {
			final FloatProcessor fp = new FloatProcessor(width, height, planes[i].clone());
			fp.setRoi(x, y, 96, 96);
			final ij.process.ImageProcessor crop = fp.crop();
			crop.setMinAndMax(0, white);
			crop.setInterpolationMethod(ij.process.ImageProcessor.NONE);
			row.insert(crop.convertToByte(true).resize(192, 192), i * 200, 0);
		}
		try {
			javax.imageio.ImageIO.write(row.getBufferedImage(), "png", new java.io.File(path));
		}
		catch (final java.io.IOException exc) {
			throw new java.io.UncheckedIOException(exc);
		}
	}
}
