package autoencoderj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * No class of the plugin calls anything that deserialises Java objects or
 * instantiates classes named in a file: Java's object streams, DL4J's model
 * restoring (which runs {@code ObjectInputStream.readObject} on entries of
 * the user's zip) and DL4J's configuration readers (Jackson with
 * {@code @class}). Read from the compiled classes' constant pools, so that
 * every code path a command can reach is covered, however it is written.
 */
class NoDeserialisationTest {

	private static final List<String> FORBIDDEN = List.of("java/io/ObjectInputStream",
		"restoreMultiLayerNetwork", "restoreComputationGraph", "restoreNormalizerFromFile",
		"restoreMultiLayerNetworkAndNormalizer", "(Ljava/lang/String;)Lorg/deeplearning4j/nn/conf/" +
			"MultiLayerConfiguration;", "(Ljava/lang/String;)Lorg/deeplearning4j/nn/conf/" +
				"ComputationGraphConfiguration;", "(Ljava/lang/String;)Lorg/deeplearning4j/nn/conf/" +
					"NeuralNetConfiguration;", "org/nd4j/serde/json/JsonMappers", "getMapper",
		"readNumpy");

	@Test
	void noClassOfThePluginDeserialises() throws IOException {
		final Path classes = Path.of("target", "classes", "autoencoderj");
		assertTrue(Files.isDirectory(classes), "compiled classes at " + classes.toAbsolutePath());
		final List<String> found;
		try (Stream<Path> files = Files.walk(classes)) {
			found = files.filter(f -> f.toString().endsWith(".class")).flatMap(f -> {
				final String pool;
				try {
					pool = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
				}
				catch (final IOException exc) {
					throw new java.io.UncheckedIOException(exc);
				}
				return FORBIDDEN.stream().filter(pool::contains).map(s -> f.getFileName() + ": " + s);
			}).collect(Collectors.toList());
		}
		assertEquals(List.of(), found);
		// the check itself sees what it looks for: this test's own class names ObjectInputStream
		assertTrue(new String(Files.readAllBytes(Path.of("target", "test-classes", "autoencoderj",
			"model", "HostileModelFilesTest$Canary.class")), StandardCharsets.ISO_8859_1).contains(
				"java/io/ObjectInputStream"));
	}
}
