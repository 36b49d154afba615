package autoencoderj.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import autoencoderj.ops.Normalization;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Where training and validation patches come from, and how RGB images become channels. */
class PatchSamplerTest {

	private static Set<Float> values(final INDArray a) {
		final Set<Float> set = new HashSet<>();
		for (final float v : a.dup('c').data().asFloat())
			set.add(v);
		return set;
	}

	@Test
	void aStackHoldsOutWholeSlices() {
		// slice s is filled with s: a patch's values say which slice it came from
		final ImageStack stack = new ImageStack(16, 16);
		for (int s = 0; s < 10; s++) {
			final float[] px = new float[256];
			java.util.Arrays.fill(px, s);
			stack.addSlice(null, new FloatProcessor(16, 16, px));
		}
		final PatchSampler sampler = new PatchSampler(new ImagePlus("slices", stack), 8, 0.2,
			new Normalization(0, 100, 0, 1), false, 3);
		assertEquals("2 of 10 slices held out for validation", sampler.split());
		final Set<Float> train = values(sampler.trainingPairs(200, new Random(1))[0]);
		final Set<Float> validation = values(sampler.validationPairs(50, new Random(2))[0]);
		assertEquals(8, train.size(), "every training slice is sampled: " + train);
		assertEquals(2, validation.size(), validation.toString());
		for (final float v : validation)
			assertTrue(!train.contains(v), "slice " + v + " is in both");
	}

	@Test
	void oneImageHoldsOutABandAtTheBottom() {
		// pixel value = row: a patch's values say which rows it came from
		final float[] px = new float[32 * 32];
		for (int i = 0; i < px.length; i++)
			px[i] = i / 32;
		final PatchSampler sampler = new PatchSampler(new ImagePlus("one", new FloatProcessor(32, 32,
			px)), 8, 0.25, new Normalization(0, 100, 0, 1), false, 3);
		assertEquals("bottom 8 rows of every slice held out for validation", sampler.split());
		for (final float v : values(sampler.trainingPairs(100, new Random(1))[0]))
			assertTrue(v < 24, "training patch row " + v);
		for (final float v : values(sampler.validationPairs(20, new Random(2))[0]))
			assertTrue(v >= 24, "validation patch row " + v);
	}

	@Test
	void rgbImagesAreUnpackedIntoRedGreenAndBlue() {
		final ColorProcessor cp = new ColorProcessor(2, 1);
		cp.set(0, 0, 10 << 16 | 20 << 8 | 30);
		cp.set(1, 0, 200 << 16 | 100 << 8);
		final ImagePlus imp = new ImagePlus("colour", cp);
		final ChannelPlanes all = ChannelPlanes.of(imp, 0, "target");
		assertTrue(all.rgb());
		assertEquals(3, all.channels());
		final Object p = all.pixels(0, 0);
		assertEquals(10, all.value(p, 0, 0), 0);
		assertEquals(20, all.value(p, 1, 0), 0);
		assertEquals(30, all.value(p, 2, 0), 0);
		assertEquals(200, all.value(p, 0, 1), 0);
		assertEquals(0, all.value(p, 2, 1), 0);
		final ChannelPlanes green = ChannelPlanes.of(imp, 2, "target");
		assertEquals(1, green.channels());
		assertEquals(100, green.value(green.pixels(0, 0), 0, 1), 0);
	}
}
