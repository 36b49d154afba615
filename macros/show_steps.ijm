// Shows max-pooling, unpooling and transposed-convolution steps on one MNIST digit.
// Argument (optional): a folder to save every step's window into as TIFF.
folder = getArgument();
run("Open MNIST Sample");
run("Duplicate...", "title=digit");
run("Show Pooling Steps", "image=digit size=2 stride=2");
run("Show Deconvolution Steps", "image=digit kernel=[1 2 1; 2 4 2; 1 2 1] stride=2 padding=1");
if (folder != "") {
	if (!endsWith(folder, File.separator)) folder = folder + File.separator;
	for (i = 1; i <= nImages; i++) {
		selectImage(i);
		title = getTitle();
		if (startsWith(title, "1.") || startsWith(title, "2.") || startsWith(title, "3.") || startsWith(title, "4.") || startsWith(title, "5.")) {
			name = substring(title, 0, 2) + replace(substring(title, 3, indexOf(title, " (")), " ", "-");
			saveAs("Tiff", folder + name + "-" + i + ".tif");
		}
	}
	print("saved " + nImages + " windows into " + folder);
}
