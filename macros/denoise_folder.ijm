// Denoises every TIFF of a folder with a model, one image at a time, into another folder.
// Argument: "model=/path/m.zip input=/path/in output=/path/out"; without one, asks.
// (The Denoise Folder command does the same in one step, resumable.)
arg = getArgument();
model = ""; input = ""; output = "";
parts = split(arg, " ");
for (i = 0; i < parts.length; i++) {
	kv = split(parts[i], "=");
	if (kv.length == 2 && kv[0] == "model") model = kv[1];
	if (kv.length == 2 && kv[0] == "input") input = kv[1];
	if (kv.length == 2 && kv[0] == "output") output = kv[1];
}
if (model == "") model = File.openDialog("Model file");
if (input == "") input = getDirectory("Input folder");
if (output == "") output = getDirectory("Output folder");
if (!endsWith(input, File.separator)) input = input + File.separator;
if (!endsWith(output, File.separator)) output = output + File.separator;
File.makeDirectory(output);
setBatchMode(true);
files = getFileList(input);
done = 0;
for (i = 0; i < files.length; i++) {
	if (!endsWith(files[i], ".tif")) continue;
	open(input + files[i]);
	original = getTitle();
	run("Denoise Image", "image=[" + original + "] model=[" + model + "]");
	saveAs("Tiff", output + files[i]);
	close("*");
	done++;
}
print("denoised " + done + " files into " + output);
