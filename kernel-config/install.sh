#!/usr/bin/env bash
# Installs the Jupyter kernel "Java (gentrain)": a Java kernel whose class path holds the gentrain
# toolkit and whose start-up script imports its packages, so notebooks/ run as they are.
#
#   kernel-config/install.sh                      # for this user (jupyter --data-dir)
#   kernel-config/install.sh --prefix DIR         # into DIR/share/jupyter/kernels (then JUPYTER_PATH=DIR/share/jupyter)
#   kernel-config/install.sh --kernel rapaio      # rapaio-jupyter-kernel 2.3.0 instead of gentrain's kernel
#   kernel-config/install.sh --kernel ijava --kernel-jar /path/to/ijava-1.3.0.jar
#   kernel-config/install.sh --kernel jjava --kernel-jar /path/to/jjava.jar
#
# Options: --name NAME (default gentrain-java), --display-name TEXT, --offline (Maven -o),
#          --print (write nothing; print the kernel.json that would be installed).
# The default kernel is gentrain's own (the kernel/ module: JShell in the kernel's process, Jupyter
# messaging from org.dflib.jjava:jjava-jupyter); its jar is built if missing or older than its
# sources and copied into the kernelspec folder. --kernel rapaio installs rapaio-jupyter-kernel
# 2.3.0 (io.github.padreati, Maven Central, fetched with Maven) with gentrain's launcher fixes.
# The toolkit's shaded jar is built first if it is missing. Jupyter itself comes from Debian:
#   apt-get install jupyter-nbconvert python3-nbclient jupyter-client python3-jupyter-kernel-test
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
toolkit_jar="$root/toolkit/target/gentrain-toolkit-0.1.0-SNAPSHOT-all.jar"
kernel_module_jar="$root/kernel/target/gentrain-kernel-0.1.0-SNAPSHOT-all.jar"
rapaio_coordinates="io.github.padreati:rapaio-jupyter-kernel:2.3.0"
rapaio_jar_name="rapaio-jupyter-kernel-2.3.0.jar"

kernel="gentrain"
kernel_jar=""
name="gentrain-java"
display_name="Java (gentrain)"
prefix=""
maven_flags=(-B -q)
print_only=false

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }
fail() { echo "install.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --user) prefix="" ;;
    --prefix) [ $# -ge 2 ] || fail "--prefix needs a folder"; prefix="$2"; shift ;;
    --name) [ $# -ge 2 ] || fail "--name needs a value"; name="$2"; shift ;;
    --display-name) [ $# -ge 2 ] || fail "--display-name needs a value"; display_name="$2"; shift ;;
    --kernel) [ $# -ge 2 ] || fail "--kernel needs gentrain, rapaio, ijava or jjava"; kernel="$2"; shift ;;
    --kernel-jar) [ $# -ge 2 ] || fail "--kernel-jar needs a path"; kernel_jar="$2"; shift ;;
    --offline) maven_flags+=(-o) ;;
    --print) print_only=true ;;
    -h|--help) usage; exit 0 ;;
    *) fail "unknown option '$1' (see --help)" ;;
  esac
  shift
done
case "$kernel" in
  gentrain|rapaio) ;;
  ijava|jjava) [ -n "$kernel_jar" ] && [ -f "$kernel_jar" ] \
      || fail "--kernel $kernel needs --kernel-jar pointing at the kernel's jar, was '${kernel_jar}'" ;;
  *) fail "--kernel must be gentrain, rapaio, ijava or jjava, was '$kernel'" ;;
esac
[[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || fail "--name must be letters, digits, '.', '_' or '-', was '$name'"

jupyter="${JUPYTER:-jupyter}"
if ! command -v "$jupyter" >/dev/null 2>&1; then
  [ -x /usr/bin/jupyter ] && jupyter=/usr/bin/jupyter || fail "Jupyter is missing; on Debian or Ubuntu:
  apt-get install jupyter-nbconvert python3-nbclient jupyter-client python3-jupyter-kernel-test"
fi

# 1. The toolkit's shaded jar (everything the notebooks need, DJL's CPU natives included).
if [ ! -f "$toolkit_jar" ]; then
  echo "install.sh: building the toolkit jar..." >&2
  (cd "$root" && mvn "${maven_flags[@]}" -DskipTests -pl toolkit -am package) \
    || fail "building the toolkit failed; Java 17 and Maven 3.8+ are required"
fi

# 1b. gentrain's kernel jar, rebuilt when a source of the kernel module is newer.
if [ "$kernel" = gentrain ]; then
  if [ ! -f "$kernel_module_jar" ] || [ -n "$(find "$root/kernel/src/main" "$root/kernel/pom.xml" -newer "$kernel_module_jar" -print -quit)" ]; then
    echo "install.sh: building gentrain's kernel jar..." >&2
    (cd "$root" && mvn "${maven_flags[@]}" -DskipTests -pl kernel -am package) \
      || fail "building the kernel module failed; Java 17 and Maven 3.8+ are required"
  fi
fi

# 2. Where the kernelspec will live, so that its env can name files inside it.
if [ -n "$prefix" ]; then
  mkdir -p "$prefix"
  prefix="$(cd "$prefix" && pwd)"
  destination="$prefix/share/jupyter/kernels/$name"
else
  destination="$("$jupyter" --data-dir)/kernels/$name"
fi

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

# 3. The start-up script: rapaio accepts imports only (a declaration stops it at start-up), so
#    its script is the import lines of gentrain.jsh; gentrain's kernel, IJava and JJava run
#    gentrain.jsh itself.
if [ "$kernel" = rapaio ]; then
  grep -E '^import ' "$here/gentrain.jsh" > "$stage/init.jsh"
fi

json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
# A value for the right-hand side of sed's s|...|...|: backslash, '|' and '&' escaped.
sed_value() { printf '%s' "$1" | sed 's/[\\|&]/\\&/g'; }

case "$kernel" in
  gentrain)
    cp "$kernel_module_jar" "$stage/gentrain-kernel.jar"
    cp "$here/gentrain.jsh" "$stage/gentrain.jsh"
    sed -e "s|@NAME@|$(sed_value "$(json_string "$display_name")")|" \
        -e "s|@TOOLKIT_JAR@|$(sed_value "$toolkit_jar")|" \
        -e "s|@STARTUP_SCRIPT@|$(sed_value "$destination/gentrain.jsh")|" \
        "$here/gentrain/kernel.json" > "$stage/kernel.json"
    ;;
  rapaio)
    if [ ! -f "$stage/$rapaio_jar_name" ]; then
      mvn "${maven_flags[@]}" org.apache.maven.plugins:maven-dependency-plugin:2.8:get \
        -Dartifact="$rapaio_coordinates" -Dtransitive=false -Ddest="$stage/$rapaio_jar_name" \
        || fail "could not get $rapaio_coordinates with Maven (without --offline it is downloaded from Maven Central)"
    fi
    # rapaio 2.3.0 can hang at start-up in two ways; see RapaioKernelLauncher.java and LoopThread.java.
    javac --release 17 -d "$stage/launcher" "$here/rapaio/RapaioKernelLauncher.java" "$here/rapaio/LoopThread.java" \
      || fail "compiling kernel-config/rapaio/*.java failed (a JDK 17 is needed)"
    sed -e "s|@NAME@|$(sed_value "$(json_string "$display_name")")|" \
        -e "s|@TOOLKIT_JAR@|$(sed_value "$toolkit_jar")|" \
        -e "s|@INIT_SCRIPT@|$(sed_value "$destination/init.jsh")|" \
        "$here/rapaio/kernel.json" > "$stage/kernel.json"
    ;;
  ijava|jjava)
    cp "$kernel_jar" "$stage/$kernel.jar"
    sed -e "s|@NAME@|$(sed_value "$(json_string "$display_name")")|" \
        -e "s|@KERNEL_JAR@|{resource_dir}/$kernel.jar|" \
        -e "s|@TOOLKIT_JAR@|$(sed_value "$toolkit_jar")|" \
        -e "s|@STARTUP_SCRIPT@|$(sed_value "$here/gentrain.jsh")|" \
        "$here/$kernel/kernel.json" > "$stage/kernel.json"
    ;;
esac

if $print_only; then
  cat "$stage/kernel.json"
  exit 0
fi

args=(kernelspec install --replace --name "$name")
if [ -n "$prefix" ]; then args+=(--prefix "$prefix"); else args+=(--user); fi
"$jupyter" "${args[@]}" "$stage" >&2
echo "install.sh: installed kernel '$name' ($display_name) in $destination" >&2
if [ -n "$prefix" ]; then
  echo "install.sh: use it with JUPYTER_PATH=$prefix/share/jupyter" >&2
fi
