package autoencoderj.engine.training;

import static org.bytedeco.openblas.global.openblas.blas_get_num_threads;
import static org.bytedeco.openblas.global.openblas.blas_set_num_threads;

/**
 * OpenBLAS's thread count is one setting for the whole process. The dense
 * engine lowers it while it trains (its two threads call sgemm at once);
 * two trainings at once (two Fiji commands) share one lowering, and the
 * setting found before the first is restored after the last, not whatever
 * the other had set.
 */
final class BlasThreads {

	private static int holders;
	private static int before;

	private BlasThreads() {}

	/** Lowers the count to {@code threads} (never raises it) until {@link #release}. */
	static synchronized void acquire(final int threads) {
		if (holders++ == 0) {
			before = blas_get_num_threads();
			blas_set_num_threads(Math.max(1, Math.min(before, threads)));
		}
	}

	static synchronized void release() {
		if (holders == 0) throw new IllegalStateException("released more often than acquired");
		if (--holders == 0) blas_set_num_threads(before);
	}

	/** The count OpenBLAS uses now. */
	static int current() {
		return blas_get_num_threads();
	}
}
