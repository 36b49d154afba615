package autoencoderj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import autoencoderj.app.TrainedModels;
import autoencoderj.model.ModelFiles;

import ij.IJ;
import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Denoise Folder as a job array on a real single-node SLURM (Debian's
 * slurmctld, slurmd and munge, started by {@code cluster/local-slurm} under a
 * temporary folder and stopped by PID whatever happens): the job scripts of
 * {@code cluster/} as a user submits them. Skipped, saying so, where SLURM is
 * not installed; {@code .ci/run} installs it.
 */
class SlurmJobTest {

	private static final Path ROOT = Path.of("").toAbsolutePath();
	private static final String DENOISE = "denoise-folder-summary";

	@TempDir
	Path dir;
	private final Map<String, String> env = new HashMap<>();

	private static boolean installed() {
		for (final String tool : new String[] { "munged", "slurmctld", "slurmd", "sbatch", "squeue" })
			if (Stream.of(System.getenv("PATH").split(":")).noneMatch(p -> Files.isExecutable(Path.of(p,
				tool)) || Files.isExecutable(Path.of("/usr/sbin", tool)))) return false;
		return "root".equals(System.getProperty("user.name"));
	}

	/** Runs a command with the cluster's environment; returns its output, failing on a non-zero exit. */
	private String run(final String... command) throws Exception {
		final Result r = exec(command);
		assertEquals(0, r.exit, String.join(" ", command) + "\n" + r.output);
		return r.output.trim();
	}

	private static final class Result {

		final int exit;
		final String output;

		Result(final int exit, final String output) {
			this.exit = exit;
			this.output = output;
		}
	}

	private Result exec(final String... command) throws Exception {
		final ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
			.redirectErrorStream(true);
		pb.environment().putAll(env);
		final Process p = pb.start();
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
		return new Result(p.exitValue(), out);
	}

	private String submit(final String... args) throws Exception {
		final List<String> c = new ArrayList<>(List.of("sbatch", "--parsable", "--chdir=" + dir,
			"--export=ALL", "--cpus-per-task=1", "--mem=1G"));
		c.addAll(List.of(args));
		return run(c.toArray(new String[0]));
	}

	/** Waits until no job is queued or running. */
	private void waitForQueue() throws Exception {
		for (int i = 0; i < 1200; i++) {
			if (run("squeue", "-h").isEmpty()) return;
			Thread.sleep(100);
		}
		throw new AssertionError("jobs still queued after 120 s:\n" + run("squeue"));
	}

	/** What the summary job {@code job} printed. */
	private String summaryLog(final String job) throws IOException {
		return Files.readString(dir.resolve("autoencoderj-summary-" + job + ".out"));
	}

	private String exitCode(final String job) throws Exception {
		final String show = run("scontrol", "show", "job", job);
		return show.replaceAll("(?s).*\\bExitCode=([0-9:]+).*", "$1");
	}

	/** 12 small stacks in nested folders, 1 to 3 slices each. */
	private Path inputs() throws IOException {
		final Path in = dir.resolve("in");
		for (int i = 0; i < 12; i++) {
			final Path folder = in.resolve(i % 3 == 0 ? "" : i % 3 == 1 ? "a" : "a/b");
			Files.createDirectories(folder);
			final ImagePlus digits = TrainedModels.slices(1900 + 3 * i, 1 + i % 3);
			IJ.saveAsTiff(digits, folder.resolve("digit" + i + ".tif").toString());
		}
		return in;
	}

	private static Map<String, byte[]> tiffs(final Path folder) throws IOException {
		try (Stream<Path> files = Files.walk(folder)) {
			final Map<String, byte[]> map = new HashMap<>();
			for (final Path f : files.filter(p -> p.toString().endsWith(".tif")).collect(Collectors
				.toList()))
				map.put(folder.relativize(f).toString(), Files.readAllBytes(f));
			return map;
		}
	}

	/** The files named in a summary CSV (first column). */
	private static Set<String> files(final Path csv) throws IOException {
		final List<String> lines = Files.readAllLines(csv);
		final Set<String> files = new HashSet<>();
		for (final String line : lines.subList(1, lines.size()))
			assertTrue(files.add(line.split(",")[0]), "twice in " + csv + ": " + line);
		return files;
	}

	@Test
	void aJobArrayDenoisesEachFileOnceAndResumesAfterACancelledTask() throws Exception {
		assumeTrue(installed(), "SLURM (slurmctld, slurmd, slurm-client, munge) is not installed, " +
			"or this is not root: the SLURM job test is skipped. .ci/run installs it.");
		final Path model = dir.resolve("model.zip");
		ModelFiles.save(TrainedModels.denoiser().model(), model);
		final Path in = inputs();
		final Path cluster = dir.resolve("cluster");
		env.put("AUTOENCODERJ_HOME", ROOT.toString());
		env.put("AUTOENCODERJ_CLASSPATH", System.getProperty("java.class.path"));
		env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
		try {
			final String started = run(ROOT.resolve("cluster/local-slurm").toString(), "start", cluster
				.toString());
			env.put("SLURM_CONF", started.replaceAll("(?s).*export SLURM_CONF=(\\S+).*", "$1"));
			final String script = ROOT.resolve("cluster/denoise-folder.sbatch").toString();
			final String summary = ROOT.resolve("cluster/denoise-folder-summary.sbatch").toString();

			// the whole job: an array of 3, then the summary
			final Path out = dir.resolve("out");
			final String array = submit("--array=0-2", script, model.toString(), in.toString(), out
				.toString());
			final String merge = submit("--dependency=afterany:" + array, summary, out.toString());
			waitForQueue();
			assertEquals("0:0", exitCode(merge), summaryLog(merge));
			final Map<String, byte[]> outputs = tiffs(out);
			assertEquals(12, outputs.size(), outputs.keySet().toString());
			final Set<String> all = new HashSet<>();
			for (int part = 1; part <= 3; part++) {
				final Set<String> mine = files(out.resolve(DENOISE + "-" + part + "of3.csv"));
				assertFalse(mine.isEmpty(), "part " + part + " had files");
				for (final String f : mine)
					assertTrue(all.add(f), f + " is in two parts");
			}
			assertEquals(12, all.size());
			assertEquals(all, files(out.resolve(DENOISE + ".csv")));

			// byte for byte what one process gives, with the same threads
			env.put("OMP_NUM_THREADS", "1");
			env.put("OPENBLAS_NUM_THREADS", "1");
			final Path single = dir.resolve("single");
			run(ROOT.resolve("bin/autoencoderj").toString(), "--run", "Denoise Folder", "model=" + model +
				",input=" + in + ",output=" + single + ",recursive=true");
			env.remove("OMP_NUM_THREADS");
			env.remove("OPENBLAS_NUM_THREADS");
			final Map<String, byte[]> reference = tiffs(single);
			assertEquals(reference.keySet(), outputs.keySet());
			for (final String f : reference.keySet())
				assertArrayEquals(reference.get(f), outputs.get(f), f);

			// a task cancelled as it runs: the summary job says so and fails; resubmitted, all is done
			final Path out2 = dir.resolve("out2");
			final String again = submit("--array=0-2", script, model.toString(), in.toString(), out2
				.toString());
			for (int i = 0; i < 600 && !run("squeue", "-h", "-j", again + "_1", "-o", "%T").equals(
				"RUNNING"); i++)
				Thread.sleep(50);
			run("scancel", again + "_1");
			final String failing = submit("--dependency=afterany:" + again, summary, out2.toString());
			waitForQueue();
			assertEquals("1:0", exitCode(failing), summaryLog(failing));
			final String message = summaryLog(failing);
			assertTrue(message.contains("Part [2] of 3 wrote no summary: their tasks were killed or did " +
				"not start. Submit the same job again"), message);
			assertTrue(tiffs(out2).size() < 12, "the cancelled task's files are missing");

			// the same array again: what is done is skipped
			final String resumed = submit("--array=0-2", script, model.toString(), in.toString(), out2
				.toString());
			final String done = submit("--dependency=afterany:" + resumed, summary, out2.toString());
			waitForQueue();
			assertEquals("0:0", exitCode(done), summaryLog(done));
			final Map<String, byte[]> completed = tiffs(out2);
			assertEquals(outputs.keySet(), completed.keySet());
			for (final String f : outputs.keySet())
				assertArrayEquals(outputs.get(f), completed.get(f), f);
			assertEquals(all, files(out2.resolve(DENOISE + ".csv")));
			try (Stream<Path> left = Files.walk(out2)) {
				assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(
					".autoencoderj-")).collect(Collectors.toList()), "temporary folders left");
			}
		}
		finally {
			exec(ROOT.resolve("cluster/local-slurm").toString(), "stop", cluster.toString());
		}
	}
}
