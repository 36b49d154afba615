package autoencoderj.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a class of this project in a separate JVM, with the test class path. */
public final class Processes {

	/** Exit code, standard output and standard error of a finished process. */
	public static final class Result {

		public final int exit;
		public final String out, err;

		Result(final int exit, final String out, final String err) {
			this.exit = exit;
			this.out = out;
			this.err = err;
		}

		@Override
		public String toString() {
			return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
		}
	}

	private Processes() {}

	public static Result java(final Path workDir, final Class<?> main, final String... args)
		throws IOException, InterruptedException
	{
		return java(List.of(), workDir, main, args);
	}

	/** As {@link #java(Path, Class, String...)}, with options for the JVM (e.g. {@code -Dkey=value}). */
	public static Result java(final List<String> options, final Path workDir, final Class<?> main,
		final String... args) throws IOException, InterruptedException
	{
		final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
			"bin", "java").toString(), "-Djava.awt.headless=true"));
		command.addAll(options);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
		command.addAll(Arrays.asList(args));
		final File out = workDir.resolve("stdout.txt").toFile();
		final File err = workDir.resolve("stderr.txt").toFile();
		final Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out)
			.redirectError(err).start();
		if (!p.waitFor(5, TimeUnit.MINUTES)) {
			p.destroyForcibly();
			throw new IllegalStateException("process did not finish: " + command);
		}
		return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8), Files
			.readString(err.toPath(), StandardCharsets.UTF_8));
	}
}
