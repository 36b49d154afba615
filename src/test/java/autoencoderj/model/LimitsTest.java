package autoencoderj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autoencoderj.app.TrainingSettings;

import org.junit.jupiter.api.Test;

/**
 * Training refuses what the loader would refuse, before it starts, from one
 * set of limits; and the weights a manifest's network has are counted
 * without building it, exactly as DL4J counts them once built.
 */
class LimitsTest {

	@Test
	void weightsAreCountedAsTheBuiltNetworkHasThem() {
		for (final int[] hidden : new int[][] { { 2 }, { 50 }, { 32, 8, 2 } }) {
			final DenseSpec spec = new DenseSpec(12, 10, hidden, DenseSpec.Loss.XENT);
			assertEquals(DenseAutoencoders.build(spec, 1, 1e-3).numParams(), Limits.denseParameters(120,
				hidden), java.util.Arrays.toString(hidden));
		}
		for (final ConvSpec.Upsampling up : ConvSpec.Upsampling.values())
			for (final boolean skips : new boolean[] { false, true })
				for (final int channels : new int[] { 1, 3 }) {
					final ConvSpec spec = ConvSpec.forPatch(32, new int[] { 4, 6 }, up, channels, channels == 3
						? 2 : 1, DenseSpec.Loss.MSE).withSkips(skips);
					assertEquals(spec.build(32, 32, 1, 1e-3).numParams(), Limits.convParameters(spec), up +
						" skips " + skips + " channels " + channels);
				}
		final ConvSpec valid = ConvSpec.forPatch(28, new int[] { 16, 8, 8 }, ConvSpec.Upsampling.REPEAT,
			1, 1, DenseSpec.Loss.XENT);
		assertTrue(valid.validLastConv());
		assertEquals(valid.build(28, 28, 1, 1e-3).numParams(), Limits.convParameters(valid));
	}

	@Test
	void trainingRefusesWhatTheLoaderWouldRefuseBeforeItStarts() {
		final String[][] cases = { //
			{ "filters", "A block of 1100 filters is more than the 1024" }, //
			{ "filters100000", "A block of 100000 filters" }, //
			{ "hidden", "9 hidden layers" }, //
			{ "sigmaInfinity", "sigma=Infinity is not a noise level" }, //
			{ "sigma1e7", "sigma=1.0E7 is not a noise level" } };
		for (final String[] c : cases) {
			final TrainingSettings.Builder b = TrainingSettings.builder();
			switch (c[0]) {
				case "filters": b.architecture(TrainingSettings.Architecture.CONVOLUTIONAL).filters(1100); break;
				case "filters100000": b.architecture(TrainingSettings.Architecture.CONVOLUTIONAL).filters(
					100_000); break;
				case "hidden": b.hidden(64, 64, 64, 64, 64, 64, 64, 64, 2); break;
				case "sigmaInfinity": b.noise("gaussian", Double.POSITIVE_INFINITY); break;
				default: b.noise("gaussian", 1e7); break;
			}
			final IllegalArgumentException exc = assertThrows(IllegalArgumentException.class, b::build,
				c[0]);
			assertTrue(exc.getMessage().contains(c[1]), exc.getMessage());
		}
		final IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
			() -> new DenseSpec(256, 256, new int[] { 4096 }, DenseSpec.Loss.XENT));
		assertTrue(big.getMessage().startsWith("That network would have 536940544 weights, more than " +
			"the 134217728"), big.getMessage());
	}
}
