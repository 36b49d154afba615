package autoencoderj.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autoencoderj.ops.Kernel;
import autoencoderj.ops.TransposedConvolution;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;
import org.scijava.command.CommandModule;

class StepsCommandsTest extends ContextTest {

	private static CommandModule run(final Class<?> command, final Object... keyValues) throws Exception {
		return Commands.run(context, command, keyValues);
	}

	private static float[] pixels(final ImagePlus imp, final int slice) {
		return (float[]) imp.getStack().getProcessor(slice).convertToFloatProcessor().getPixels();
	}

	@Test
	void poolingStepsOfTheIssueExampleOnEverySliceOfAStack() throws Exception {
		final byte[] example = { (byte) 125, 20, 2, 30, 10, 12, 0, 60, 1, (byte) 185, (byte) 224, 2, 5,
			15, 5, 105 };
		final ImageStack stack = new ImageStack(4, 4);
		stack.addSlice("a", new ByteProcessor(4, 4, example.clone()));
		final ByteProcessor flipped = new ByteProcessor(4, 4, example.clone());
		flipped.flipHorizontal();
		stack.addSlice("b", flipped);
		final CommandModule m = run(ShowPoolingSteps.class, "image", new ImagePlus("example", stack),
			"size", 2, "stride", 2);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus pooled = (ImagePlus) m.getOutput("pooled");
		assertEquals("1. max-pooled (2x2, stride 2) of example", pooled.getTitle());
		assertEquals(2, pooled.getStackSize());
		assertEquals("b", pooled.getStack().getSliceLabel(2));
		assertArrayEquals(new float[] { 125, 60, 185, 224 }, pixels(pooled, 1), 0);
		assertArrayEquals(new float[] { 60, 125, 224, 185 }, pixels(pooled, 2), 0);
		assertArrayEquals(new float[] { 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0 }, pixels(
			(ImagePlus) m.getOutput("positions"), 1), 0);
		assertArrayEquals(new float[] { 125, 0, 0, 0, 0, 0, 0, 60, 0, 185, 224, 0, 0, 0, 0, 0 }, pixels(
			(ImagePlus) m.getOutput("withPositions"), 1), 0);
		assertArrayEquals(new float[] { 125, 125, 60, 60, 125, 125, 60, 60, 185, 185, 224, 224, 185, 185,
			224, 224 }, pixels((ImagePlus) m.getOutput("withoutPositions"), 1), 0);
	}

	@Test
	void poolingOddSizes16Bit() throws Exception {
		final ImagePlus odd = new ImagePlus("odd", new ShortProcessor(7, 5));
		odd.getProcessor().set(6, 4, 999);
		odd.getProcessor().set(1, 1, 500);
		final CommandModule m = run(ShowPoolingSteps.class, "image", odd, "size", 2, "stride", 2);
		final ImagePlus pooled = (ImagePlus) m.getOutput("pooled");
		assertEquals(3, pooled.getWidth());
		assertEquals(2, pooled.getHeight());
		assertEquals(500, pooled.getProcessor().getf(0, 0), 0);
		assertEquals(0, ((ImagePlus) m.getOutput("withPositions")).getProcessor().getf(6, 4), 0,
			"the uncovered corner pixel is not kept");
		assertEquals(7, ((ImagePlus) m.getOutput("withoutPositions")).getWidth());
	}

	@Test
	void strideLargerThanTheImageIsRefused() throws Exception {
		final CommandModule m = run(ShowPoolingSteps.class, "image", new ImagePlus("tiny",
			new ByteProcessor(3, 3)), "size", 2, "stride", 4);
		assertTrue(m.isCanceled());
		assertEquals("The stride 4 is larger than the image (3x3): choose a stride of at most 3.", m
			.getCancelReason());
		final CommandModule d = run(ShowDeconvolutionSteps.class, "image", new ImagePlus("tiny",
			new ByteProcessor(3, 3)), "kernel", "box", "stride", 5, "padding", 0);
		assertTrue(d.isCanceled());
		assertTrue(d.getCancelReason().startsWith("The stride 5 is larger than the image (3x3)"));
	}

	@Test
	void deconvolutionStepsAndResultEqualTheDefinition() throws Exception {
		final ByteProcessor ip = new ByteProcessor(3, 2, new byte[] { 1, 2, 3, 4, 5, 6 });
		final CommandModule m = run(ShowDeconvolutionSteps.class, "image", new ImagePlus("small", ip),
			"kernel", "1 2 1; 2 4 2; 1 2 1", "stride", 2, "padding", 1);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus zeros = (ImagePlus) m.getOutput("zeroInserted");
		assertEquals(5, zeros.getWidth());
		assertEquals(3, zeros.getHeight());
		assertArrayEquals(new float[] { 1, 0, 2, 0, 3, 0, 0, 0, 0, 0, 4, 0, 5, 0, 6 }, pixels(zeros, 1), 0);
		final ImagePlus padded = (ImagePlus) m.getOutput("padded");
		assertEquals(7, padded.getWidth());
		assertEquals(5, padded.getHeight());
		final ImagePlus kernel = (ImagePlus) m.getOutput("flippedKernel");
		assertEquals(3, kernel.getWidth());
		final ImagePlus result = (ImagePlus) m.getOutput("result");
		assertEquals("5. result (kernel 3x3, stride 2, padding 1) of small", result.getTitle());
		final TransposedConvolution t = new TransposedConvolution(Kernel.parse("binomial"), 2, 1);
		assertEquals(t.outputWidth(3), result.getWidth());
		assertArrayEquals(t.scatter(new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2), pixels(result, 1), 1e-5f);
	}

	@Test
	void kernelThatDoesNotParseGetsAMessage() throws Exception {
		final CommandModule m = run(ShowDeconvolutionSteps.class, "image", new ImagePlus("x",
			new ByteProcessor(4, 4)), "kernel", "1 2; 3", "stride", 2, "padding", 0);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().startsWith("The kernel's row 2 has 1 values but row 1 has 2"),
			m.getCancelReason());
	}
}
