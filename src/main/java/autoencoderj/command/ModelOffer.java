package autoencoderj.command;

import java.io.File;
import java.util.List;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

/**
 * Offers a model a training just wrote to the commands that open one: in
 * Fiji, a command's dialog starts from the values saved for its inputs, so
 * saving the new model as their {@code model} makes Denoise Image and the
 * others open with it. Only for a user at a visible Fiji: headless runs and
 * macros leave no preferences behind.
 */
final class ModelOffer {

	/** Commands whose {@code model} input opens a model file. */
	static final List<Class<? extends org.scijava.command.Command>> TAKERS = List.of(DenoiseImage.class, DenoiseFolder.class,
		PredictImage.class, ExportToBioImageIo.class, ShowLayerOutputs.class, EncodeStack.class,
		GenerateFromCode.class);

	private ModelOffer() {}

	@SuppressWarnings("unchecked")
	static void offer(final Context context, final File written) {
		final CommandService commands = context.service(CommandService.class);
		final ModuleService modules = context.service(ModuleService.class);
		for (final Class<? extends org.scijava.command.Command> c : TAKERS) {
			final CommandInfo info = commands.getCommand(c);
			final ModuleItem<?> item = info == null ? null : info.getInput("model");
			if (item != null && item.getType() == File.class) modules.save((ModuleItem<File>) item, written);
		}
	}
}
