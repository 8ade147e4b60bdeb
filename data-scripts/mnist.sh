#!/usr/bin/env bash
# MNIST (LeCun, Bottou, Bengio and Haffner, 1998) into "$GENTRAIN_DATA/mnist"
# (GENTRAIN_DATA defaults to ~/.gentrain/data), where the toolkit finds it (--dataset mnist).
#   data-scripts/mnist.sh [FOLDER]
# Takes the four .gz files from FOLDER if given (Debian has no MNIST package), else downloads them
# from the data set's page, or from the CVDF mirror (the same files) where the page refuses. Every
# file is verified before it moves in; files already in place are verified and kept, never
# replaced. GENTRAIN_OFFLINE=1 forbids downloading.
#
# Checksums (SHA-256) of the published .gz files, as recorded by TensorFlow Datasets in
# tensorflow_datasets/url_checksums/mnist.txt (the page itself publishes none). A local copy must
# be those very .gz files.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

source_folder="${1:-}"
if [ -n "$source_folder" ]; then
  [ -d "$source_folder" ] || die "$source_folder: no such folder"
fi

install_gz_files "$(data_root)/mnist" "$source_folder" \
  "https://yann.lecun.com/exdb/mnist/ https://storage.googleapis.com/cvdf-datasets/mnist/" \
  "train-images-idx3-ubyte.gz 440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609" \
  "train-labels-idx1-ubyte.gz 3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c" \
  "t10k-images-idx3-ubyte.gz 8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6" \
  "t10k-labels-idx1-ubyte.gz f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"
