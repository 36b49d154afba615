package autoencoderj.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.factory.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The choices that depend on the processor this process runs on, made once
 * from what the process finds (cores it may use, the CPU's model) and logged
 * at debug level, so that a figure or a difference can be traced to them.
 * <p>
 * Nothing here depends on timings: the same machine always makes the same
 * choices, so the same seed gives the same numbers. oneDNN (libnd4j's
 * "helpers") can be switched off with {@code AUTOENCODERJ_ONEDNN=off} or
 * {@code -Dautoencoderj.onednn=off}, to compare or to work around a kernel
 * problem on one CPU; libnd4j's own kernels then compute the same operations.
 * </p>
 */
public final class CpuTuning {

	private static final Logger LOG = LoggerFactory.getLogger(CpuTuning.class);
	private static volatile CpuTuning instance;

	private final int cores;
	private final String cpu;
	private final boolean oneDnn;

	private CpuTuning(final int cores, final String cpu, final boolean oneDnn) {
		this.cores = cores;
		this.cpu = cpu;
		this.oneDnn = oneDnn;
	}

	/** What this process found, decided on first use. */
	public static CpuTuning get() {
		if (instance == null) synchronized (CpuTuning.class) {
			if (instance == null) {
				instance = new CpuTuning(cores(System.getenv("SLURM_CPUS_PER_TASK")), cpuModel(), !off(System
					.getProperty("autoencoderj.onednn", System.getenv("AUTOENCODERJ_ONEDNN"))));
				LOG.debug("{}", instance);
			}
		}
		return instance;
	}

	/** What the process may use: its processors, no more than a SLURM task was given. */
	static int cores(final String slurmCpusPerTask) {
		final int available = Runtime.getRuntime().availableProcessors();
		try {
			final int slurm = slurmCpusPerTask == null ? available : Integer.parseInt(slurmCpusPerTask
				.trim());
			return Math.max(1, Math.min(available, slurm));
		}
		catch (final NumberFormatException exc) {
			return available;
		}
	}

	private static boolean off(final String v) {
		return v != null && List.of("off", "false", "0", "no").contains(v.trim().toLowerCase(
			Locale.ROOT));
	}

	/** The CPU's model name as the operating system reports it, or the architecture. */
	public static String cpuModel() {
		try {
			for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo"),
				StandardCharsets.UTF_8))
				if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
		}
		catch (final IOException | RuntimeException exc) {
			// not Linux, or not readable: the architecture is all we can say
		}
		return System.getProperty("os.arch");
	}

	/** Cores this process may use (affinity, container limits and {@code SLURM_CPUS_PER_TASK}). */
	public int cores() {
		return cores;
	}

	public String cpu() {
		return cpu;
	}

	public boolean oneDnn() {
		return oneDnn;
	}

	/**
	 * BLAS threads for each of the dense engine's two row-splitting threads:
	 * together they use the cores once, not twice.
	 */
	public int blasThreadsPerCaller() {
		return Math.max(1, cores / 2);
	}

	void applyTo(final Environment env) {
		env.allowHelpers(oneDnn);
	}

	@Override
	public String toString() {
		return "CPU " + cpu + ", " + cores + " cores: oneDNN " + (oneDnn ? "on" : "off") +
			", BLAS threads per dense training thread " + blasThreadsPerCaller();
	}
}
