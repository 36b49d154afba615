package autoencoderj.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import autoencoderj.engine.Nd4jRuntime;

import ij.ImagePlus;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.nio.FloatBufferAccess;
import net.imglib2.type.numeric.real.FloatType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TensorsTest {

	@BeforeAll
	static void nd4j() {
		Nd4jRuntime.ensureReady();
	}

	@Test
	void rowsHoldOneSlicePerRowInRasterOrder() {
		final ImagePlus imp = ImagePlusesTest.randomImage(16, 5, 3, 1, 4, 1, 7);
		final INDArray rows = Tensors.rows(ImagePluses.wrap(imp));
		assertArrayEquals(new long[] { 4, 15 }, rows.shape());
		for (int s = 0; s < 4; s++)
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 5; x++)
					assertEquals(imp.getStack().getProcessor(s + 1).get(x, y), rows.getFloat(s, y * 5 + x), 0);
	}

	@Test
	void nchwHoldsChannelsInTheirAxis() {
		final ImagePlus imp = ImagePlusesTest.randomImage(32, 4, 2, 3, 1, 2, 3);
		final INDArray arr = Tensors.nchw(ImagePluses.wrap(imp), 3);
		assertArrayEquals(new long[] { 2, 3, 2, 4 }, arr.shape());
		// frame 1, channel 2 is stack slice 1 * 3 + 2 + 1 = 6
		assertEquals(imp.getStack().getProcessor(6).getf(3, 1), arr.getFloat(1, 2, 1, 3), 0);
	}

	@Test
	void viewSharesMemoryWithTheArray() {
		final INDArray arr = Nd4j.create(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 }, 'c');
		final ArrayImg<FloatType, FloatBufferAccess> img = Tensors.view(arr, 3, 2);
		final RandomAccess<FloatType> ra = img.randomAccess();
		ra.setPosition(new long[] { 2, 1 });
		assertEquals(6, ra.get().get(), 0);
		ra.get().set(42);
		assertEquals(42, arr.getFloat(1, 2), 0);
		arr.putScalar(0, 0, -1);
		ra.setPosition(new long[] { 0, 0 });
		assertEquals(-1, ra.get().get(), 0);
	}

	@Test
	void viewRefusesLayoutsItCannotShare() {
		final INDArray f = Nd4j.create(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 }, 'f');
		assertThrows(IllegalArgumentException.class, () -> Tensors.view(f, 2, 2));
		final INDArray c = Nd4j.create(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 }, 'c');
		assertThrows(IllegalArgumentException.class, () -> Tensors.view(c, 3, 2));
	}
}
