package autoencoderj.engine.onednn;

import java.util.LinkedHashMap;
import java.util.Map;

import autoencoderj.engine.CpuTuning;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * oneDNN's library, loaded once from its jar, its CPU engine, and each
 * thread's stream and convolution plans ({@link OneDnnConv}).
 * <p>
 * Optional: where its native library cannot be loaded (a platform its jar
 * does not cover) or is switched off with libnd4j's helpers
 * ({@link CpuTuning#oneDnn()}), {@link #conv} declines and libnd4j computes
 * the convolution, as it did before.
 * </p>
 */
public final class OneDnn {

	private static final Logger LOG = LoggerFactory.getLogger(OneDnn.class);

	/** Plans kept per thread: a tiled prediction's edge tiles add a few geometries, not hundreds. */
	private static final int PLANS = 48;

	private static volatile Boolean loaded;
	private static engine engine;

	private static final ThreadLocal<stream> STREAM = ThreadLocal.withInitial(() -> new stream(
		engine()));

	/** Per thread, the plans of the geometries it met last (a {@code null} plan: oneDNN has none). */
	private static final ThreadLocal<Map<OneDnnConv.Geometry, OneDnnConv>> PLANS_BY_GEOMETRY =
		ThreadLocal.withInitial(() -> new LinkedHashMap<>(16, 0.75f, true) {

			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(
				final Map.Entry<OneDnnConv.Geometry, OneDnnConv> eldest)
			{
				if (size() <= PLANS) return false;
				if (eldest.getValue() != null) eldest.getValue().close();
				return true;
			}
		});

	private OneDnn() {}

	/** Whether oneDNN's convolutions are used: loaded, and not switched off. */
	public static boolean available() {
		if (loaded == null) synchronized (OneDnn.class) {
			if (loaded == null) loaded = load();
		}
		return loaded;
	}

	private static boolean load() {
		if (!CpuTuning.get().oneDnn()) return false;
		try {
			Loader.load(org.bytedeco.dnnl.global.dnnl.class);
			engine = new engine(org.bytedeco.dnnl.engine.kind.cpu, 0);
			return true;
		}
		catch (final RuntimeException | LinkageError exc) {
			LOG.info("oneDNN's own library could not be loaded ({}); libnd4j computes the convolutions",
				exc.toString());
			return false;
		}
	}

	static engine engine() {
		return engine;
	}

	static stream stream() {
		return STREAM.get();
	}

	/**
	 * The calling thread's plan for a convolution of {@code x} into {@code y}
	 * (channels-last arrays), or {@code null} where oneDNN is not used for it:
	 * not available, arrays that are not contiguous, or a geometry oneDNN has no kernel for.
	 */
	static OneDnnConv conv(final INDArray x, final INDArray y, final NativeOps.Window win,
		final boolean bias)
	{
		if (!win.nhwc || x.rank() != win.rank() + 2 || !available() || !dense(x, y)) return null;
		final OneDnnConv.Geometry g = new OneDnnConv.Geometry(x.shape(), y.shape(), win, bias);
		final Map<OneDnnConv.Geometry, OneDnnConv> plans = PLANS_BY_GEOMETRY.get();
		if (plans.containsKey(g)) return plans.get(g);
		OneDnnConv plan;
		try {
			plan = new OneDnnConv(g);
			LOG.debug("oneDNN plan {}", plan);
		}
		catch (final RuntimeException exc) {
			LOG.debug("no oneDNN kernel for {} ({}): libnd4j's", g, exc.toString());
			plan = null;
		}
		plans.put(g, plan);
		return plan;
	}

	/** Frees the calling thread's plans and their buffers; later convolutions make new ones. */
	public static void release() {
		final Map<OneDnnConv.Geometry, OneDnnConv> plans = PLANS_BY_GEOMETRY.get();
		for (final OneDnnConv plan : plans.values())
			if (plan != null) plan.close();
		plans.clear();
	}

	/**
	 * Whether each of {@code arrays} that is given ({@code null}s are skipped)
	 * is a C-ordered array (or view) of floats, its values side by side.
	 */
	static boolean dense(final INDArray... arrays) {
		for (final INDArray a : arrays)
			if (a != null && !sideBySide(a)) return false;
		return true;
	}

	private static boolean sideBySide(final INDArray a) {
		if (a.dataType() != DataType.FLOAT) return false;
		// the stride of a dimension of one does not matter (Shape.hasDefaultStridesForShape says
		// it does)
		long expected = 1;
		for (int d = a.rank() - 1; d >= 0; d--) {
			if (a.size(d) != 1 && a.stride(d) != expected) return false;
			expected *= a.size(d);
		}
		return true;
	}
}
