#!/usr/bin/env bash
# CIFAR-100, binary version (Krizhevsky, 2009), into "$GENTRAIN_DATA/cifar100"
# (GENTRAIN_DATA defaults to ~/.gentrain/data), where the toolkit finds it (--dataset cifar100):
# train.bin, test.bin, coarse_label_names.txt, fine_label_names.txt.
#   data-scripts/cifar100.sh [TARBALL | FOLDER holding cifar-100-binary.tar.gz]
# Takes the tarball from the argument if given (Debian has no CIFAR-100 package), else downloads it
# from the data set's page. The tarball is verified before anything is unpacked, and the record
# files must then have their 50,000 and 10,000 records of 3,074 bytes. Files already in place are
# checked and kept, never replaced. GENTRAIN_OFFLINE=1 forbids downloading.
#
# Checksum (SHA-256) of cifar-100-binary.tar.gz (168,513,733 bytes), as recorded by TensorFlow
# Datasets in tensorflow_datasets/url_checksums/cifar100.txt (the page itself publishes MD5 only).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

url="https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"
sha256="58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec"
records=(train.bin test.bin)
declare -A record_bytes=([train.bin]=153700000 [test.bin]=30740000)
names=(coarse_label_names.txt fine_label_names.txt)

dest="$(data_root)/cifar100"
mkdir -p "$dest"
present=0
for name in "${records[@]}"; do
  if [ -e "$dest/$name" ]; then
    [ "$(stat -c %s "$dest/$name")" = "${record_bytes[$name]}" ] \
      || die "$dest/$name is already there but is not ${record_bytes[$name]} bytes; it was left as it is (move it away and run again)"
    present=$((present + 1))
  fi
done
if [ "$present" = "${#records[@]}" ]; then
  say "already in place: $dest"
  exit 0
elif [ "$present" != 0 ]; then
  die "$dest holds only $present of the two record files; it was left as it is (move it away and run again)"
fi

make_staging "$dest"
tarball="${1:-}"
if [ -n "$tarball" ]; then
  [ -d "$tarball" ] && tarball="$tarball/cifar-100-binary.tar.gz"
  [ -f "$tarball" ] || die "$tarball: no such file"
else
  fetch "$url" "$staging/cifar-100-binary.tar.gz" || die "could not download $url"
  tarball="$staging/cifar-100-binary.tar.gz"
fi
actual="$(sha256_of "$tarball")"
[ "$actual" = "$sha256" ] \
  || die "$tarball: SHA-256 $actual does not match the published $sha256; nothing was unpacked"
tar -xzf "$tarball" -C "$staging" || die "$tarball: cannot be unpacked"
for name in "${records[@]}" "${names[@]}"; do
  [ -f "$staging/cifar-100-binary/$name" ] || die "$tarball: holds no cifar-100-binary/$name"
done
for name in "${records[@]}"; do
  [ "$(stat -c %s "$staging/cifar-100-binary/$name")" = "${record_bytes[$name]}" ] \
    || die "$tarball: cifar-100-binary/$name is not ${record_bytes[$name]} bytes"
done
for name in "${records[@]}" "${names[@]}"; do
  [ -e "$dest/$name" ] || mv -n "$staging/cifar-100-binary/$name" "$dest/$name"
done
say "installed CIFAR-100 into $dest${1:+ from $1}"
