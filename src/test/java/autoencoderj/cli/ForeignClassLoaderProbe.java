package autoencoderj.cli;

import java.net.URL;
import java.net.URLClassLoader;

import autoencoderj.app.Denoiser;
import autoencoderj.app.TrainedModels;

import ij.ImagePlus;

/**
 * Run in a fresh JVM: the first ND4J use happens on a thread whose context
 * class loader is an unrelated {@link URLClassLoader}, as in Fiji, where it
 * is not the loader of the plugin.
 */
public final class ForeignClassLoaderProbe {

	public static void main(final String... args) throws Exception {
		final Throwable[] failure = { null };
		final Thread thread = new Thread(() -> {
			try {
				final ImagePlus one = TrainedModels.slices(0, 1);
				final ImagePlus out = Denoiser.denoise(TrainedModels.denoiser().model(), "probe", one,
					null, () -> false);
				System.out.println("denoised " + out.getStackSize() +
					" slice under a foreign context class loader");
			}
			catch (final Throwable t) {
				failure[0] = t;
			}
		});
		thread.setContextClassLoader(new URLClassLoader(new URL[0], null));
		thread.start();
		thread.join();
		if (failure[0] != null) {
			failure[0].printStackTrace();
			System.exit(1);
		}
	}
}
