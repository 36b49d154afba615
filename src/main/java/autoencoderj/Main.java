package autoencoderj;

import java.util.Arrays;

import autoencoderj.cli.Benchmark;
import autoencoderj.cli.Demo;
import autoencoderj.cli.HeadlessRun;

/**
 * Entry point of {@code bin/autoencoderj}:
 * {@code --run TITLE 'key=value,...' [--outputs DIR]}, {@code demo [DIR]},
 * {@code benchmark --bench dense|conv|image ...}.
 */
public final class Main {

	private Main() {}

	public static void main(final String... args) {
		autoencoderj.cli.SerialFilters.rejectAll();
		autoencoderj.cli.MemoryPreferences.install();
		System.exit(run(args));
	}

	/** Runs and returns the exit code. */
	public static int run(final String... args) {
		if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
			System.out.println(usage());
			return args.length == 0 ? 2 : 0;
		}
		final String[] rest = Arrays.copyOfRange(args, 1, args.length);
		switch (args[0]) {
			case "demo":
				return Demo.run(rest);
			case "benchmark":
				return Benchmark.run(rest);
			default:
				return HeadlessRun.run(args);
		}
	}

	static String usage() {
		return String.join("\n", //
			"AutoencoderJ: autoencoders for Fiji, headless.", //
			"", //
			"  bin/autoencoderj --run TITLE 'key=value,key=value' [--outputs DIR]", //
			"      runs a command by its menu title, e.g.", //
			"      bin/autoencoderj --run \"Denoise Image\" 'image=noisy.tif,model=m.zip' --outputs out/", //
			"      image parameters take file paths; image outputs are saved as TIFF and", //
			"      tables as CSV into DIR. Exit code 1 when the command failed.", //
			"  bin/autoencoderj demo [DIR]", //
			"      trains a denoising autoencoder on the bundled MNIST sample and writes", //
			"      clean, noisy and denoised held-back digits into DIR (default autoencoderj-demo).", //
			"  bin/autoencoderj benchmark --bench dense [--epochs N] [--data DIR]", //
			"      the reference workloads of shared/bench, one JSON line per epoch.");
	}
}
