package autoencoderj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MaxPoolingTest {

	private static final float[] INPUT = { //
		125, 20, 2, 30, //
		10, 12, 0, 60, //
		1, 185, 224, 2, //
		5, 15, 5, 105 };

	@Test
	void theExampleOfTheIssueHoldsValueByValue() {
		final MaxPooling p = MaxPooling.pool(INPUT, 4, 4, 2, 2);
		assertEquals(2, p.pooledWidth());
		assertEquals(2, p.pooledHeight());
		assertArrayEquals(new float[] { 125, 60, 185, 224 }, p.pooled(), 0);
		assertArrayEquals(new float[] { //
			1, 0, 0, 0, //
			0, 0, 0, 1, //
			0, 1, 1, 0, //
			0, 0, 0, 0 }, p.kept(), 0);
		assertArrayEquals(new float[] { //
			125, 0, 0, 0, //
			0, 0, 0, 60, //
			0, 185, 224, 0, //
			0, 0, 0, 0 }, p.unpoolWithPositions(), 0);
		assertArrayEquals(new float[] { //
			125, 125, 60, 60, //
			125, 125, 60, 60, //
			185, 185, 224, 224, //
			185, 185, 224, 224 }, p.unpoolWithoutPositions(), 0);
	}

	@Test
	void tiesKeepTheFirstPixelInRasterOrder() {
		final MaxPooling p = MaxPooling.pool(new float[] { 3, 7, 7, 7 }, 2, 2, 2, 2);
		assertArrayEquals(new float[] { 0, 1, 0, 0 }, p.kept(), 0);
	}

	@Test
	void borderPixelsNoWindowCoversAreIgnoredAndUnpooledAsZero() {
		final float[] in = new float[5 * 3];
		for (int i = 0; i < in.length; i++)
			in[i] = i;
		in[4] = 1000; // right border column, outside every window
		final MaxPooling p = MaxPooling.pool(in, 5, 3, 2, 2);
		assertEquals(2, p.pooledWidth());
		assertEquals(1, p.pooledHeight());
		assertArrayEquals(new float[] { 6, 8 }, p.pooled(), 0);
		assertArrayEquals(new float[] { //
			6, 6, 8, 8, 0, //
			6, 6, 8, 8, 0, //
			0, 0, 0, 0, 0 }, p.unpoolWithoutPositions(), 0);
		assertArrayEquals(new float[] { //
			0, 0, 0, 0, 0, //
			0, 6, 0, 8, 0, //
			0, 0, 0, 0, 0 }, p.unpoolWithPositions(), 0);
	}

	@Test
	void overlappingWindowsWithStrideOne() {
		final MaxPooling p = MaxPooling.pool(INPUT, 4, 4, 2, 1);
		assertEquals(3, p.pooledWidth());
		assertArrayEquals(new float[] { 125, 20, 60, 185, 224, 224, 185, 224, 224 }, p.pooled(), 0);
	}

	@Test
	void windowLargerThanImageIsRefused() {
		final IllegalArgumentException exc = assertThrows(IllegalArgumentException.class,
			() -> MaxPooling.pool(new float[4], 2, 2, 3, 3));
		assertEquals("The pool size 3 is larger than the image (2x2): choose a size of at most 2.", exc
			.getMessage());
	}
}
