package autoencoderj.cli;

public final class Benchmark {

	private Benchmark() {}

	public static int run(final String... args) {
		return 2;
	}
}
