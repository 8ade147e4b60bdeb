# Shared by the data scripts (sourced, not run). Every script:
#   - puts its data set into "$GENTRAIN_DATA/<name>" (GENTRAIN_DATA defaults to ~/.gentrain/data,
#     the same folder the toolkit looks in);
#   - takes a local copy when one is given or installed, and downloads only otherwise
#     (GENTRAIN_OFFLINE=1 forbids downloading);
#   - verifies SHA-256 checksums before anything lands in the data folder;
#   - is idempotent, and never replaces a file that is already there: a file that does not verify
#     stops the script with its name, for the user to move away.

script_name="$(basename "$0")"

say() { echo "$script_name: $*" >&2; }
die() { echo "$script_name: error: $*" >&2; exit 1; }

data_root() { echo "${GENTRAIN_DATA:-$HOME/.gentrain/data}"; }

sha256_of() { sha256sum "$1" | cut -c1-64; }

# A new staging folder inside $1 (same file system, so the final mv is a rename), removed on exit,
# and $1 with it if nothing landed there.
make_staging() {
  staging="$(mktemp -d "$1/.partial.XXXXXX")"
  staging_parent="$1"
  trap 'rm -rf "$staging"; rmdir "$staging_parent" 2>/dev/null || true' EXIT
}

# fetch URL FILE: downloads URL to FILE, with curl or wget.
fetch() {
  if [ "${GENTRAIN_OFFLINE:-0}" = "1" ]; then
    die "no local copy found, and downloads are off (GENTRAIN_OFFLINE=1); give a folder holding the files"
  fi
  say "downloading $1"
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 2 -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1"
  else
    die "neither curl nor wget is installed"
  fi
}

# gz_matches FILE GZ_SHA256 [CONTENT_SHA256]: true if the file is the published .gz, or (where a
# content checksum is known) any gzip file whose decompressed content is the published content.
gz_matches() {
  [ "$(sha256_of "$1")" = "$2" ] && return 0
  [ -n "${3:-}" ] && [ "$(gzip -dc "$1" 2>/dev/null | sha256sum | cut -c1-64)" = "$3" ]
}

# install_gz_files DEST SOURCE_FOLDER "URL_BASE ..." "NAME GZ_SHA CONTENT_SHA" ...
# Puts every NAME into DEST: files already there must verify; missing ones come from SOURCE_FOLDER
# (if not empty) or else from the first URL base that serves them, and are verified before they move in.
install_gz_files() {
  local dest="$1" source="$2" bases="$3"
  shift 3
  mkdir -p "$dest"
  local needed=() entry name gz content
  for entry in "$@"; do
    read -r name gz content <<<"$entry"
    if [ -e "$dest/$name" ]; then
      gz_matches "$dest/$name" "$gz" "$content" \
        || die "$dest/$name is already there and does not match the published checksum; it was left as it is (move it away and run again)"
    else
      needed+=("$entry")
    fi
  done
  if [ "${#needed[@]}" -eq 0 ]; then
    say "already in place and verified: $dest"
    return 0
  fi
  make_staging "$dest"
  for entry in "${needed[@]}"; do
    read -r name gz content <<<"$entry"
    if [ -n "$source" ]; then
      [ -f "$source/$name" ] || die "$source/$name: no such file in the local copy"
      cp "$source/$name" "$staging/$name"
    else
      local base ok=0
      for base in $bases; do
        if fetch "$base$name" "$staging/$name"; then ok=1; break; fi
        say "could not download $base$name"
      done
      [ "$ok" = 1 ] || die "could not download $name from any of: $bases"
    fi
    gz_matches "$staging/$name" "$gz" "$content" \
      || die "${source:+$source/}$name: SHA-256 $(sha256_of "$staging/$name") matches neither the published $gz${content:+ nor the content checksum $content}; nothing was installed from it"
  done
  for entry in "${needed[@]}"; do
    read -r name _ <<<"$entry"
    mv -n "$staging/$name" "$dest/$name"
    [ ! -e "$staging/$name" ] || die "$dest/$name appeared while this script ran; it was left as it is"
  done
  say "installed ${#needed[@]} verified file(s) into $dest${source:+ from $source}"
}
