#!/usr/bin/env bash
# CIFAR-10, binary version (Krizhevsky, 2009), into "$GENTRAIN_DATA/cifar10"
# (GENTRAIN_DATA defaults to ~/.gentrain/data), where the toolkit finds it (--dataset cifar10):
# data_batch_1.bin .. data_batch_5.bin, test_batch.bin, batches.meta.txt.
#   data-scripts/cifar10.sh [TARBALL | FOLDER holding cifar-10-binary.tar.gz]
# Takes the tarball from the argument if given (Debian has no CIFAR-10 package), else downloads it
# from the data set's page. The tarball is verified before anything is unpacked, and every batch
# must then have its 10,000 records (30,730,000 bytes). Files already in place are checked and
# kept, never replaced. GENTRAIN_OFFLINE=1 forbids downloading.
#
# Checksum (SHA-256) of cifar-10-binary.tar.gz (170,052,171 bytes), as recorded by TensorFlow
# Datasets in tensorflow_datasets/url_checksums/cifar10.txt (the page itself publishes MD5 only).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

url="https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
sha256="c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd"
batches=(data_batch_1.bin data_batch_2.bin data_batch_3.bin data_batch_4.bin data_batch_5.bin test_batch.bin)
batch_bytes=30730000

dest="$(data_root)/cifar10"
mkdir -p "$dest"
present=0
for name in "${batches[@]}"; do
  if [ -e "$dest/$name" ]; then
    [ "$(stat -c %s "$dest/$name")" = "$batch_bytes" ] \
      || die "$dest/$name is already there but is not 30,730,000 bytes; it was left as it is (move it away and run again)"
    present=$((present + 1))
  fi
done
if [ "$present" = "${#batches[@]}" ]; then
  say "already in place: $dest"
  exit 0
elif [ "$present" != 0 ]; then
  die "$dest holds only $present of the six batch files; they were left as they are (move them away and run again)"
fi

make_staging "$dest"
tarball="${1:-}"
if [ -n "$tarball" ]; then
  [ -d "$tarball" ] && tarball="$tarball/cifar-10-binary.tar.gz"
  [ -f "$tarball" ] || die "$tarball: no such file"
else
  fetch "$url" "$staging/cifar-10-binary.tar.gz" || die "could not download $url"
  tarball="$staging/cifar-10-binary.tar.gz"
fi
actual="$(sha256_of "$tarball")"
[ "$actual" = "$sha256" ] \
  || die "$tarball: SHA-256 $actual does not match the published $sha256; nothing was unpacked"
tar -xzf "$tarball" -C "$staging" || die "$tarball: cannot be unpacked"
for name in "${batches[@]}" batches.meta.txt; do
  [ -f "$staging/cifar-10-batches-bin/$name" ] || die "$tarball: holds no cifar-10-batches-bin/$name"
done
for name in "${batches[@]}"; do
  [ "$(stat -c %s "$staging/cifar-10-batches-bin/$name")" = "$batch_bytes" ] \
    || die "$tarball: cifar-10-batches-bin/$name is not 30,730,000 bytes"
done
for name in "${batches[@]}" batches.meta.txt; do
  [ -e "$dest/$name" ] || mv -n "$staging/cifar-10-batches-bin/$name" "$dest/$name"
done
say "installed CIFAR-10 into $dest${1:+ from $1}"
