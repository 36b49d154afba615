package autoencoderj.command;

import java.io.File;
import java.io.IOException;

import autoencoderj.app.FolderSummaries;

import ij.measure.ResultsTable;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * The end of a Denoise Folder job run in parts (a cluster job array): merges
 * the parts' summaries into one, every file once, and fails when a part has
 * no summary (its task was killed) or a file failed. See {@link FolderSummaries}.
 */
@Plugin(type = Command.class, headless = true, label = "Denoise Folder Summary",
	menuPath = "Plugins>AutoencoderJ>Denoise Folder Summary")
public class DenoiseFolderSummary extends AutoencoderCommand {

	@Parameter(label = "Output folder of the job", style = FileWidget.DIRECTORY_STYLE)
	private File output;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private ResultsTable summary;

	@Override
	protected void execute() throws IOException {
		if (output == null) throw new IllegalArgumentException("Give the output folder of the job.");
		final FolderSummaries.Merged m = FolderSummaries.merge(output.toPath());
		summary = m.table;
		log.info(m.table.size() + " files in " + (m.parts - m.missing.size()) + " of " + m.parts +
			" parts; summary " + m.file);
		if (!m.missing.isEmpty()) {
			fail("Part" + (m.missing.size() == 1 ? " " : "s ") + m.missing + " of " + m.parts +
				" wrote no summary: their tasks were killed or did not start. Submit the same job again " +
				"(or only those array tasks): finished files are skipped. The summary of the others is " +
				m.file + ".");
			return;
		}
		if (!m.failures.isEmpty()) fail(m.failures.size() + " files failed: " + String.join("; ", m
			.failures.subList(0, Math.min(3, m.failures.size()))) + (m.failures.size() > 3 ? "; ..."
				: "") + ". The summary is " + m.file + ".");
	}
}
