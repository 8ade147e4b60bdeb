#!/usr/bin/env bash
# Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017) into "$GENTRAIN_DATA/fashion-mnist"
# (GENTRAIN_DATA defaults to ~/.gentrain/data), where the toolkit finds it.
#   data-scripts/fashion-mnist.sh [FOLDER]
# Takes the four .gz files from FOLDER if given, else from Debian's package dataset-fashion-mnist
# (/usr/share/datasets/fashion-mnist, `apt-get install dataset-fashion-mnist`), else downloads them
# from the authors' location. Every file is verified before it moves in; files already in place are
# verified and kept, never replaced. GENTRAIN_OFFLINE=1 forbids downloading.
#
# Checksums (SHA-256):
#   first column: the published .gz files, as recorded by TensorFlow Datasets in
#     tensorflow_datasets/url_checksums/fashion_mnist.txt (the authors publish MD5 only);
#   second column: the decompressed IDX content, computed here with `gzip -dc FILE | sha256sum` from
#     Debian's package (0.0~git20200523.55506a9-1), whose .gz files are the authors' recompressed
#     without the stored file name (so their own SHA-256 differs, their content does not).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

debian=/usr/share/datasets/fashion-mnist
source_folder="${1:-}"
if [ -n "$source_folder" ]; then
  [ -d "$source_folder" ] || die "$source_folder: no such folder"
elif [ -f "$debian/train-images-idx3-ubyte.gz" ]; then
  source_folder="$debian"
fi

install_gz_files "$(data_root)/fashion-mnist" "$source_folder" \
  "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/" \
  "train-images-idx3-ubyte.gz 3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84 c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888" \
  "train-labels-idx1-ubyte.gz a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845 bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9" \
  "t10k-images-idx3-ubyte.gz 346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073 5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b" \
  "t10k-labels-idx1-ubyte.gz 67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5 0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"
