package autoencoderj.ops;

import java.util.Arrays;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Maps intensities linearly so that {@code low} becomes 0 and {@code high}
 * becomes 1, and back. {@code low} and {@code high} are percentiles of the
 * training data: 0 and 100 (minimum and maximum) reproduce the usual
 * division by 255 of 8-bit digits; 1 and 99.8 are robust to hot pixels in
 * microscopy images, as in the CSBDeep family.
 */
public final class Normalization {

	private final double lowPercentile, highPercentile, low, high;

	public Normalization(final double lowPercentile, final double highPercentile,
		final double low, final double high)
	{
		if (!(high > low)) throw new IllegalArgumentException("The image has no contrast " +
			"between its " + lowPercentile + "% and " + highPercentile + "% percentiles (both " +
			low + "): there is nothing to learn from a flat image.");
		this.lowPercentile = lowPercentile;
		this.highPercentile = highPercentile;
		this.low = low;
		this.high = high;
	}

	/**
	 * Computes the percentiles of {@code img}, estimated on at most about a
	 * million evenly spaced samples, so that large images cost no more than
	 * small ones. NaN and infinite pixels are left out.
	 */
	public static Normalization percentiles(
		final RandomAccessibleInterval<? extends RealType<?>> img, final double lowPercentile,
		final double highPercentile)
	{
		if (!(lowPercentile >= 0 && lowPercentile < highPercentile && highPercentile <= 100)) {
			throw new IllegalArgumentException("Percentiles must satisfy 0 <= low < high <= 100, got " +
				lowPercentile + " and " + highPercentile);
		}
		final long total = Intervals.numElements(img);
		final long step = Math.max(1, total / 1_000_000);
		final float[] samples = new float[(int) ((total + step - 1) / step)];
		final Cursor<? extends RealType<?>> cursor = Views.flatIterable(img).cursor();
		int n = 0;
		for (long i = 0; i < total; i++) {
			final RealType<?> t = cursor.next();
			// NaN and infinite pixels have no place among percentiles
			if (i % step == 0 && Float.isFinite(t.getRealFloat())) samples[n++] = t.getRealFloat();
		}
		if (n == 0) throw new IllegalArgumentException("The image has no finite pixels (all are NaN " +
			"or infinite): there is nothing to normalise.");
		Arrays.sort(samples, 0, n);
		return new Normalization(lowPercentile, highPercentile, percentile(samples, n,
			lowPercentile), percentile(samples, n, highPercentile));
	}

	private static double percentile(final float[] sorted, final int n, final double p) {
		final double pos = p / 100 * (n - 1);
		final int i = (int) Math.floor(pos);
		final int j = Math.min(n - 1, i + 1);
		return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
	}

	/** In place: {@code (x - low) / (high - low)}. Returns {@code x}. */
	public INDArray normalize(final INDArray x) {
		return x.subi(low).divi(high - low);
	}

	/** In place: {@code x * (high - low) + low}. Returns {@code x}. */
	public INDArray denormalize(final INDArray x) {
		return x.muli(high - low).addi(low);
	}

	/**
	 * In place: values below 0 become 0, above 1 become 1, as a sigmoid output
	 * and binary cross-entropy need. Returns {@code x}.
	 */
	public static INDArray clipToUnit(final INDArray x) {
		Transforms.max(x, 0, false);
		return Transforms.min(x, 1, false);
	}

	public double normalize(final double v) {
		return (v - low) / (high - low);
	}

	public double denormalize(final double v) {
		return v * (high - low) + low;
	}

	public double lowPercentile() { return lowPercentile; }

	public double highPercentile() { return highPercentile; }

	public double low() { return low; }

	public double high() { return high; }

	@Override
	public String toString() {
		return String.format("percentiles %s%%-%s%% = %s-%s", lowPercentile, highPercentile, low,
			high);
	}
}
