package autoencoderj.command;

import java.util.HashMap;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.prefs.PrefService;

/** Runs a command as Fiji does, by class name with a parameter map. */
final class Commands {

	private Commands() {}

	/**
	 * Runs {@code command} with the given key-value pairs and waits. Values a
	 * dialog remembered from earlier runs are forgotten first, so that every
	 * test starts from the command's defaults.
	 */
	static CommandModule run(final Context context, final Class<?> command, final Object... keyValues)
		throws Exception
	{
		context.service(PrefService.class).clear(command);
		final Map<String, Object> inputs = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2)
			inputs.put((String) keyValues[i], keyValues[i + 1]);
		return context.service(CommandService.class).run(command.getName(), true, inputs).get();
	}
}
