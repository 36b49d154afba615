package autoencoderj.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

	@TempDir
	Path dir;

	@Test
	void writesUnderTheTargetName() throws IOException {
		final Path target = dir.resolve("out.csv");
		AtomicFiles.write(target, f -> {
			assertEquals("out.csv", f.getFileName().toString(), "writers see the real extension");
			Files.writeString(f, "a,b");
		});
		assertEquals("a,b", Files.readString(target));
		assertEquals(List.of("out.csv"), listing());
	}

	@Test
	void aWriterFailingHalfwayLeavesTheOldFileAndNoDebris() throws IOException {
		final Path target = dir.resolve("result.tif");
		Files.writeString(target, "old result");
		final IOException exc = assertThrows(IOException.class, () -> AtomicFiles.write(target, f -> {
			try (OutputStream out = Files.newOutputStream(f)) {
				out.write(new byte[1000]);
				throw new IOException("No space left on device");
			}
		}));
		assertEquals("No space left on device", exc.getMessage());
		assertEquals("old result", Files.readString(target));
		assertEquals(List.of("result.tif"), listing());
	}

	@Test
	void aWriterThatWritesNothingIsAnError() {
		assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("x.png"), f -> {}));
	}

	private List<String> listing() throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}
}
