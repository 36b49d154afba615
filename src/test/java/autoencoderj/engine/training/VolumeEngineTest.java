package autoencoderj.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import autoencoderj.engine.LayerGraph;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.network.NativeForward;
import autoencoderj.engine.network.NativeNetwork;
import autoencoderj.engine.network.SubPixelConv;
import autoencoderj.engine.onednn.OneDnn;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;
import autoencoderj.model.VolumePlan;
import autoencoderj.model.VolumeSpec;

import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * 3-D networks (VolumeSpec's chains and U-Nets: 3-D convolutions with and
 * without bias, transposed ones, pooling, upsampling, sums of two
 * convolutions and a ReLU layer as the U-Net's skips) computed by the native
 * engine give DL4J's own
 * losses, gradients and outputs, within the tolerances of {@link Dl4jFit}.
 */
class VolumeEngineTest {

	@BeforeAll
	static void nd4j() {
		Nd4jRuntime.ensureReady();
	}

	/** {@code n} volumes of {@code d x side x side} smooth values in (0.05, 0.95). */
	static INDArray volumes(final int n, final int d, final int side, final long seed) {
		final INDArray slices = ConvEngineTest.images(n * d, 1, side, side, seed);
		final float[] v = slices.data().asFloat();
		// slices of one volume drift into each other along z, so that z carries structure
		final int plane = side * side;
		for (int s = 0; s < n; s++)
			for (int z = 1; z < d; z++)
				for (int i = 0; i < plane; i++) {
					final int at = (s * d + z) * plane + i;
					v[at] = 0.6f * v[at] + 0.4f * v[at - plane];
				}
		return Nd4j.create(v, new long[] { n, 1, d, side, side }, 'c');
	}

	/** One voxel per {@code cell}^3 cell of each volume, at a random place; the first volume's at corners. */
	static INDArray cellMask(final int n, final int d, final int side, final int cell,
		final long seed)
	{
		return cellMask(n, d, side, cell, cell, seed);
	}

	/** As above, cells of {@code cellZ x cell x cell} voxels. */
	static INDArray cellMask(final int n, final int d, final int side, final int cellZ,
		final int cell, final long seed)
	{
		final Random r = new Random(seed);
		final float[] m = new float[n * d * side * side];
		for (int s = 0; s < n; s++)
			for (int cz = 0; cz < d; cz += cellZ)
				for (int cy = 0; cy < side; cy += cell)
					for (int cx = 0; cx < side; cx += cell) {
						int z = cz + r.nextInt(cellZ), y = cy + r.nextInt(cell), x = cx + r.nextInt(cell);
						if (s == 0) {
							z = cz == 0 ? 0 : d - 1;
							y = cy == 0 ? 0 : side - 1;
							x = cx == 0 ? 0 : side - 1;
						}
						m[((s * d + z) * side + y) * side + x] = 1;
					}
		return Nd4j.create(m, new long[] { n, 1, d, side, side }, 'c');
	}

	@Test
	void uNet3dTrainsAsDl4jsComputationGraphDoes() {
		assertTrainsAsDl4j(true, VolumePlan.of(VolumePlan.Pooling.XYZ, new double[] { 1, 1, 1 }, 2), 8,
			DenseSpec.Loss.MSE, "3-D U-Net");
	}

	@Test
	void anisotropicUNet3dWithCrossEntropyTrainsAsDl4jDoes() {
		// z 3 times coarser: no pooling in z at the first block, 1x3x3 kernels there
		assertTrainsAsDl4j(true, VolumePlan.of(VolumePlan.Pooling.AUTO, new double[] { 3, 1, 1 }, 2), 4,
			DenseSpec.Loss.XENT, "anisotropic 3-D U-Net, cross-entropy");
	}

	@Test
	void chain3dTrainsAsDl4jDoes() {
		assertTrainsAsDl4j(false, VolumePlan.of(VolumePlan.Pooling.XYZ, new double[] { 1, 1, 1 }, 2), 8,
			DenseSpec.Loss.MSE, "3-D chain");
	}

	@Test
	void transposedConvolutions3dTrainAsDl4jsDo() {
		// a U-Net and a chain, the first with x-y pooling only at its first block (1x2x2 kernels)
		assertTrainsAsDl4j(true, VolumePlan.of(VolumePlan.Pooling.AUTO, new double[] { 3, 1, 1 }, 2),
			ConvSpec.Upsampling.DECONVOLUTION, 4, DenseSpec.Loss.MSE, "3-D U-Net, transposed convolutions");
		assertTrainsAsDl4j(false, VolumePlan.of(VolumePlan.Pooling.XYZ, new double[] { 1, 1, 1 }, 2),
			ConvSpec.Upsampling.DECONVOLUTION, 8, DenseSpec.Loss.XENT, "3-D chain, transposed convolutions");
	}

	private static void assertTrainsAsDl4j(final boolean skips, final VolumePlan plan, final int d,
		final DenseSpec.Loss lossKind, final String what)
	{
		assertTrainsAsDl4j(skips, plan, ConvSpec.Upsampling.REPEAT, d, lossKind, what);
	}

	private static void assertTrainsAsDl4j(final boolean skips, final VolumePlan plan,
		final ConvSpec.Upsampling upsampling, final int d, final DenseSpec.Loss lossKind,
		final String what)
	{
		final VolumeSpec spec = new VolumeSpec(new int[] { 4, 6 }, upsampling, 1, 1, lossKind, skips,
			plan);
		final Model dl4j = spec.build(d, 8, 8, 11, 5e-3), fast = spec.build(d, 8, 8, 11, 5e-3);
		assertTrue(ConvEngine.supports(fast), what + ": the engine computes it");
		if (OneDnn.available()) try (NativeNetwork nn = NativeNetwork.of(fast, true)) {
			// each upsampling and the convolution after it, on the low-resolution voxels
			assertEquals(upsampling == ConvSpec.Upsampling.REPEAT ? 2 : 0, java.util.Collections.frequency(
				nn.stageKinds(), "SubPixelConv"), nn.stageKinds().toString());
		}
		final INDArray source = volumes(12, d, 8, 7).mul(0.5), target = volumes(12, d, 8, 8);
		final INDArray mask = cellMask(12, d, 8, 4, 3);
		// a weight's gradient sums over 4 volumes and their voxels; an activation's over 3x3x3 x 12 channels
		final long terms = Math.max(4L * d * 8 * 8, 27 * 12);
		final long[] sample = { 1, d, 8, 8 };
		for (final INDArray m : new INDArray[] { null, mask.get(NDArrayIndex.interval(0, 4)) })
			try (ConvEngine engine = ConvEngine.of(Dl4jFit.copy(dl4j), sample)) {
				Dl4jFit.assertSameGradient(dl4j, engine, source.get(NDArrayIndex.interval(0, 4)), target.get(
					NDArrayIndex.interval(0, 4)), m, terms, what + (m == null ? "" : ", masked"));
			}

		final BatchSource masked = new ArrayBatches(source, target, mask, 4, 1);
		Dl4jFit.assertTrainsAsDl4j(dl4j, fast, masked, 3, what + ", masked loss");

		// inference: DL4J's output
		final INDArray x = source.get(NDArrayIndex.interval(0, 2));
		final INDArray ours = NativeForward.output(fast, x), theirs = output(fast, x);
		assertEquals(5, ours.rank());
		final double tolerance = Dl4jFit.gradientTolerance(27 * 12, LayerGraph.of(fast).nodes.size());
		assertEquals(0, ours.sub(theirs).amaxNumber().doubleValue(), tolerance * theirs.amaxNumber()
			.doubleValue(), what + ": output");
		// layer by layer (no folding: libnd4j's 3-D upsampling), as Show Layer Outputs computes it
		final List<INDArray> layers = NativeForward.activations(fast, x.get(NDArrayIndex.interval(0, 1)));
		final INDArray last = layers.get(layers.size() - 1);
		assertEquals(0, last.sub(theirs.get(NDArrayIndex.interval(0, 1))).amaxNumber().doubleValue(),
			tolerance * theirs.amaxNumber().doubleValue(), what + ": the last layer's output");
	}

	private static INDArray output(final Model net, final INDArray x) {
		return net instanceof org.deeplearning4j.nn.graph.ComputationGraph
			? ((org.deeplearning4j.nn.graph.ComputationGraph) net).outputSingle(false, x)
			: ((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) net).output(x, false);
	}

	/**
	 * The blind-spot benchmark's density (one voxel per 4x8x8 cell): the
	 * U-Net's last two convolutions run only on the 3x3x3 windows around the
	 * counted voxels, corners and edges included, and the loss and every
	 * gradient are still DL4J's.
	 */
	@Test
	void sparseMask3dComputesTheTailOnlyWhereTheLossSees() {
		final INDArray source = volumes(4, 8, 16, 3).mul(0.5), target = volumes(4, 8, 16, 4);
		final VolumeSpec spec = new VolumeSpec(new int[] { 4, 6 }, ConvSpec.Upsampling.REPEAT, 1, 1,
			DenseSpec.Loss.MSE, true, VolumePlan.of(VolumePlan.Pooling.XYZ, new double[] { 1, 1, 1 }, 2));
		final Model dl4j = spec.build(8, 16, 16, 13, 5e-3);
		try (ConvEngine engine = ConvEngine.of(Dl4jFit.copy(dl4j), new long[] { 1, 8, 16, 16 })) {
			Dl4jFit.assertSameGradient(dl4j, engine, source, target, cellMask(4, 8, 16, 4, 8, 5), Math.max(
				4L * 8 * 16 * 16, 27 * 12), "3-D U-Net, one voxel in 256");
			assertEquals(2, engine.maskedStages(), "stages computed around the counted voxels only");
		}
	}
}
