package autoencoderj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** 3-D networks: the z plan from the voxel size, the networks DL4J builds from it, their sizes. */
class VolumeSpecTest {

	@Test
	void zIsPooledAndConvolvedOnlyWhileItsVoxelsAreLessThanTwiceTheFinest() {
		final VolumePlan iso = VolumePlan.of(VolumePlan.Pooling.AUTO, new double[] { 0.1, 0.1, 0.1 }, 2);
		assertArrayEquals(new boolean[] { true, true }, iso.poolZ());
		assertArrayEquals(new int[] { 3, 3, 3 }, iso.kernelZ());
		assertEquals(4, iso.zUnit());
		// a z step of 3 pixel widths: x-y pooling and 1x3x3 kernels first, then z catches up
		final VolumePlan three = VolumePlan.of(VolumePlan.Pooling.AUTO, new double[] { 0.3, 0.1, 0.1 }, 2);
		assertArrayEquals(new boolean[] { false, true }, three.poolZ());
		assertArrayEquals(new int[] { 1, 3, 3 }, three.kernelZ());
		assertEquals("1x3x3 pool xy | 3x3x3 pool xyz | 3x3x3", three.toString());
		// twice the pixel size is not less than twice: the first block leaves z alone
		final VolumePlan two = VolumePlan.of(VolumePlan.Pooling.AUTO, new double[] { 2, 1, 1 }, 3);
		assertArrayEquals(new boolean[] { false, true, true }, two.poolZ());
		assertArrayEquals(new int[] { 1, 3, 3, 3 }, two.kernelZ());
		// a z step of 5: two blocks before z is pooled
		assertArrayEquals(new boolean[] { false, false, true }, VolumePlan.of(VolumePlan.Pooling.AUTO,
			new double[] { 5, 1, 1 }, 3).poolZ());
		assertArrayEquals(new boolean[] { true, true }, VolumePlan.of(VolumePlan.Pooling.XYZ,
			new double[] { 5, 1, 1 }, 2).poolZ());
		final VolumePlan xy = VolumePlan.of(VolumePlan.Pooling.XY, new double[] { 1, 1, 1 }, 2);
		assertArrayEquals(new boolean[] { false, false }, xy.poolZ());
		assertArrayEquals(new int[] { 3, 3, 3 }, xy.kernelZ());
		assertEquals(1, xy.zUnit());
		final IllegalArgumentException uncalibrated = assertThrows(IllegalArgumentException.class,
			() -> VolumePlan.of(VolumePlan.Pooling.AUTO, new double[] { 0, 1, 1 }, 2));
		assertTrue(uncalibrated.getMessage().contains("set the image's calibration"), uncalibrated
			.getMessage());
	}

	@Test
	void everyFamilyBuildsInDl4jWithTheWeightsCountedAndTheInputsShape() {
		final VolumePlan[] plans = { VolumePlan.of(VolumePlan.Pooling.XYZ, new double[] { 1, 1, 1 }, 2),
			VolumePlan.of(VolumePlan.Pooling.AUTO, new double[] { 3, 1, 1 }, 2) };
		for (final VolumePlan plan : plans)
			for (final ConvSpec.Upsampling up : ConvSpec.Upsampling.values())
				for (final boolean skips : new boolean[] { false, true }) {
					final VolumeSpec spec = new VolumeSpec(new int[] { 2, 3 }, up, 2, 1, DenseSpec.Loss.MSE,
						skips, plan);
					final String what = spec.describe();
					final int z = 2 * plan.zUnit();
					assertTrue(spec.fits(z, 16) && !spec.fits(z, 18) && !spec.fits(z + 1, 16) == (plan
						.zUnit() > 1), what);
					final Model net = spec.build(z, 16, 12, 5, 1e-3);
					assertEquals(skips, net instanceof ComputationGraph, what);
					assertEquals(net.numParams(), Limits.volumeParameters(spec), what);
					final INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 2, z, 16, 12);
					final INDArray y = net instanceof MultiLayerNetwork ? ((MultiLayerNetwork) net).output(x)
						: ((ComputationGraph) net).outputSingle(x);
					assertArrayEquals(new long[] { 3, 1, z, 16, 12 }, y.shape(), what);
				}
		final VolumeSpec spec = new VolumeSpec(new int[] { 2, 3 }, ConvSpec.Upsampling.REPEAT, 1, 1,
			DenseSpec.Loss.MSE, false, plans[1]);
		assertEquals("3-D conv 2-3 repeat, 1x3x3 pool xy | 3x3x3 pool xyz | 3x3x3, 1 -> 1 channel, " +
			"linear", spec.describe());
		final IllegalArgumentException thin = assertThrows(IllegalArgumentException.class, () -> spec
			.build(3, 16, 16, 1, 1e-3));
		assertTrue(thin.getMessage().contains("z of 2"), thin.getMessage());
	}

	@Test
	void theMarginIsTheReceptiveFieldInWholePoolingUnits() {
		// all kernels 3x3x3 and z pooled like x and y: the 2-D margins, 16 (chain) and 28 (U-Net)
		final VolumePlan iso = VolumePlan.of(VolumePlan.Pooling.XYZ, new double[] { 1, 1, 1 }, 2);
		final ConvSpec chain2d = ConvSpec.forPatch(32, new int[] { 4, 4 }, ConvSpec.Upsampling.REPEAT, 1,
			1, DenseSpec.Loss.MSE);
		assertArrayEquals(new int[] { chain2d.margin(), chain2d.margin() }, new VolumeSpec(new int[] { 4,
			4 }, ConvSpec.Upsampling.REPEAT, 1, 1, DenseSpec.Loss.MSE, false, iso).margin());
		assertArrayEquals(new int[] { 28, 28 }, new VolumeSpec(new int[] { 4, 4 },
			ConvSpec.Upsampling.REPEAT, 1, 1, DenseSpec.Loss.MSE, true, iso).margin());
		// 1x3x3 kernels and no z pooling at the first block reach less far in z
		final int[] aniso = new VolumeSpec(new int[] { 4, 4 }, ConvSpec.Upsampling.REPEAT, 1, 1,
			DenseSpec.Loss.MSE, true, VolumePlan.of(VolumePlan.Pooling.AUTO, new double[] { 3, 1, 1 }, 2))
				.margin();
		assertTrue(aniso[0] < aniso[1] && aniso[0] % 2 == 0, java.util.Arrays.toString(aniso));
		assertFalse(aniso[0] == 0);
	}

	@Test
	void limitsHoldFor3DNetworksToo() {
		final VolumePlan plan = VolumePlan.of(VolumePlan.Pooling.XYZ, new double[] { 1, 1, 1 }, 2);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new VolumeSpec(new int[] { 1100,
			8 }, ConvSpec.Upsampling.REPEAT, 1, 1, DenseSpec.Loss.MSE, true, plan)).getMessage().contains(
				"A block of 1100 filters"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new VolumeSpec(new int[] { 1024,
			1024 }, ConvSpec.Upsampling.REPEAT, 1, 1, DenseSpec.Loss.MSE, true, plan)).getMessage()
				.startsWith("That network would have"));
	}
}
