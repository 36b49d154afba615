package autoencoderj.command;

import autoencoderj.data.MnistStacks;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Opens the 2,000 MNIST digits shipped inside the plugin, so that everything
 * can be tried offline.
 */
@Plugin(type = Command.class, headless = true, label = "Open MNIST Sample",
	menuPath = "Plugins>AutoencoderJ>Open MNIST Sample")
public class OpenMnistSample extends AutoencoderCommand {

	@Parameter(type = ItemIO.OUTPUT, label = "MNIST sample")
	private ImagePlus sample;

	@Override
	protected void execute() {
		sample = MnistStacks.openSample();
		log.info(MnistStacks.SAMPLE_CREDIT);
	}
}
