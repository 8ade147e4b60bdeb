#!/usr/bin/env bash
# Makes the embedded default subset (6,000 train / 1,000 test Fashion-MNIST images, class-balanced,
# seed 20261122) that ships inside the toolkit jar, from a full copy of Fashion-MNIST.
#   data-scripts/make-embedded-subset.sh [SOURCE_FOLDER]   (default: the Debian package's folder)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_folder="${1:-/usr/share/datasets/fashion-mnist}"
target="$root/toolkit/src/main/resources/org/gentrain/data/fashion-mnist-default"
(cd "$root" && mvn -q -B -DskipTests -pl toolkit compile)
java -cp "$root/toolkit/target/classes" org.gentrain.data.EmbeddedSubsetWriter "$source_folder" "$target"
ls -l "$target"
