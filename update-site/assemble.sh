#!/usr/bin/env bash
# Assembles the Fiji update-site tree of AutoencoderJ:
#   OUT/jars/            the plugin and the dependencies Fiji does not ship (renamed.txt applied)
#   OUT/jars/linux64/    native jars per platform (also win64/, macosx/ when asked for)
# Usage, after `mvn -B package -DskipTests`, from the project's root:
#   update-site/assemble.sh [--out DIR] [--platforms linux64,win64,macosx] [--deps DIR] [--plugin JAR]
# Other platforms' native jars are fetched from Maven Central with `mvn dependency:copy`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
site="$root/update-site"
out="$root/target/update-site"
platforms="linux64"
deps="$root/target/dependency"
plugin=""
while [ $# -gt 0 ]; do
	case "$1" in
		--out) out="$2"; shift 2 ;;
		--platforms) platforms="$2"; shift 2 ;;
		--deps) deps="$2"; shift 2 ;;
		--plugin) plugin="$2"; shift 2 ;;
		*) echo "assemble.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
if [ -z "$plugin" ]; then
	plugin=$(ls "$root"/target/autoencoderj-*.jar 2>/dev/null | grep -v -e sources -e javadoc -e tests -e ij1 | head -n 1 || true)
fi
if [ -z "$plugin" ] || [ ! -f "$plugin" ] || [ ! -d "$deps" ]; then
	echo "assemble.sh: build first with 'mvn -B package -DskipTests' (need the plugin jar and $deps)" >&2
	exit 2
fi

provided=$(grep -v '^#' "$site/fiji-provided.txt" | sed '/^$/d')
rm -rf "$out"
mkdir -p "$out/jars"
cp "$plugin" "$out/jars/"

# base name of a Maven jar file: strip -VERSION[-CLASSIFIER].jar
base() { echo "$1" | sed -E 's/-[0-9][^-]*(-.*)?\.jar$//'; }
# native jars carry a platform classifier
platform_dir() {
	case "$1" in
		*-linux-x86_64*) echo linux64 ;;
		*-windows-x86_64*) echo win64 ;;
		*-macosx-x86_64*) echo macosx ;;
		*) echo "" ;;
	esac
}

place() {
	local jar="$1" name b dir target
	name=$(basename "$jar")
	b=$(base "$name")
	if echo "$provided" | grep -qx "$b"; then return; fi
	case "$b" in slf4j-simple|slf4j-nop) return ;; esac
	target="$name"
	while read -r from to; do
		if [ "$b" = "$from" ]; then target="$to${name#$from}"; fi
	done < <(grep -v '^#' "$site/renamed.txt" | sed '/^$/d')
	dir=$(platform_dir "$name")
	mkdir -p "$out/jars/$dir"
	cp "$jar" "$out/jars/${dir:+$dir/}$target"
}

for jar in "$deps"/*.jar; do place "$jar"; done

# natives of the other platforms asked for, from Maven Central
fetch() {
	local tmp; tmp=$(mktemp -d)
	for artifact in "$@"; do
		mvn -B -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$tmp" >/dev/null 2>&1 \
			|| echo "assemble.sh: could not fetch $artifact" >&2
	done
	for jar in "$tmp"/*.jar; do [ -f "$jar" ] && place "$jar"; done
	rm -rf "$tmp"
}
IFS=',' read -ra wanted <<< "$platforms"
for p in "${wanted[@]}"; do
	case "$p" in
		linux64) ;;
		win64) c=windows-x86_64 ;;
		macosx) c=macosx-x86_64 ;;
		*) echo "assemble.sh: unknown platform $p (linux64, win64, macosx)" >&2; exit 2 ;;
	esac
	[ "$p" = linux64 ] && continue
	fetch "org.nd4j:nd4j-native:1.0.0-M2.1:jar:$c" "org.nd4j:nd4j-native-preset:1.0.0-M2.1:jar:$c" \
		"org.bytedeco:javacpp:1.5.7:jar:$c" "org.bytedeco:openblas:0.3.19-1.5.7:jar:$c" \
		"org.bytedeco:dnnl:2.5.2-1.5.7:jar:$c" "org.bytedeco:opencl:3.0-1.5.7:jar:$c"
done

echo "Assembled the update site in $out:"
(cd "$out" && find jars -name '*.jar' | sort)
