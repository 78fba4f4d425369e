#!/bin/sh
# tests/check_includes.sh - tinyllm.h has no hidden dependencies.
#
# 1. Every #include of tinyllm.h (and of the files it still includes with "...") is
#      - a standard C header (C99/C11 library), or
#      - a POSIX mapping header (sys/mman.h, sys/stat.h, sys/types.h, fcntl.h, unistd.h) on the
#        #else side of `#if defined(_WIN32)` (or under `!defined(_WIN32)`), or
#      - <windows.h> under `defined(_WIN32)`, or
#      - the thread pool's: <pthread.h>, <sched.h>, <sys/syscall.h> under !_WIN32, <linux/futex.h>
#        under __linux__, <sys/sysctl.h> under __APPLE__, or
#      - <omp.h> under `_OPENMP`, or
#      - an intrinsics header under its kernel sets' macro: <immintrin.h> under TL__X86 (x86-64,
#        a compiler with target attributes), <intrin.h> under _MSC_VER, <arm_neon.h> under TL__ARM
#        (set from __aarch64__ and __ARM_NEON).
#    The condition of an include is the stack of #if/#ifdef/#elif/#else around it.
# 2. The programs link with -lm alone: each examples/*.c is built with `cc FILE -lm` (no
#    -fopenmp, no -lpthread) and with -fopenmp, and the ELF NEEDED entries of the result are only
#    libc, libm, the dynamic loader (and libgomp with -fopenmp).
# Ends with "check-includes: N passed, N failed"; exits 1 on a failure.
set -u
cd "$(dirname "$0")/.." || exit 2
HDR=${1:-tinyllm.h}
OUT=${B:-build}/check_includes
mkdir -p "$OUT"
pass=0
fail=0
ok() { pass=$((pass + 1)); [ -n "${VERBOSE:-}" ] && echo "ok   $*"; return 0; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# ---- 1. the includes and their conditions ----
# awk prints one line per #include: FILE:LINE<TAB>HEADER<TAB>CONDITION-STACK (frames joined by " && ")
# Quoted includes fail the check (their files are scanned too, to report what they include).
cat >"$OUT/scan.awk" <<'EOF'
function strip(s) { sub(/\/\*.*\*\//, "", s); sub(/\/\/.*/, "", s); gsub(/[ \t]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s); return s }
function stack(   i, s) { s = ""; for (i = 1; i <= sp; i++) s = s (i > 1 ? " && " : "") fr[i]; return s == "" ? "(always)" : s }
function scan(file,   line, n, d, rest, h, cont) {
    n = 0; incom = 0
    if (file in seen) return
    seen[file] = 1
    while ((getline line < file) > 0) {
        n++
        while (line ~ /\\$/ && (getline cont < file) > 0) { sub(/\\$/, "", line); line = line cont; n++ }
        # block comments (the doc comment shows #include lines): drop literals, then track /* */
        code = line
        gsub(/'(\\.|[^'\\])'/, "c", code); gsub(/"(\\.|[^"\\])*"/, "s", code)
        wascom = incom
        while (1) {
            if (incom) { k = index(code, "*/"); if (!k) { code = ""; break } code = substr(code, k + 2); incom = 0 }
            else { k = index(code, "/*"); if (!k) break; code = substr(code, k + 2); incom = 1 }
        }
        if (wascom || line !~ /^[ \t]*#/) continue
        d = line; sub(/^[ \t]*#[ \t]*/, "", d)
        if (d ~ /^ifdef[ \t]/)       { rest = strip(substr(d, 6));  fr[++sp] = "defined(" rest ")"; orig[sp] = fr[sp] }
        else if (d ~ /^ifndef[ \t]/) { rest = strip(substr(d, 7));  fr[++sp] = "!defined(" rest ")"; orig[sp] = fr[sp] }
        else if (d ~ /^if[ \t(!]/)   { rest = strip(substr(d, 3));  fr[++sp] = "(" rest ")"; orig[sp] = fr[sp] }
        else if (d ~ /^elif[ \t(!]/) { rest = strip(substr(d, 5));  fr[sp] = "!" orig[sp] " && (" rest ")"; orig[sp] = "(" orig[sp] " || (" rest "))" }
        else if (d ~ /^else/)        { fr[sp] = "!" orig[sp] }
        else if (d ~ /^endif/)       { sp-- }
        else if (d ~ /^include[ \t]*[<"]/) {
            h = d; sub(/^include[ \t]*/, "", h); h = strip(h)
            print file ":" n "\t" h "\t" stack()
            if (h ~ /^"/) { gsub(/"/, "", h); if ((getline cont < h) > 0) { close(h); scan(h) } }
        }
    }
    close(file)
}
BEGIN { sp = 0; scan(ARGV[1]); exit }
EOF
awk -f "$OUT/scan.awk" "$HDR" >"$OUT/includes.txt"

STD='assert|complex|ctype|errno|fenv|float|inttypes|iso646|limits|locale|math|setjmp|signal|stdalign|stdarg|stdatomic|stdbool|stddef|stdint|stdio|stdlib|stdnoreturn|string|tgmath|threads|time|uchar|wchar|wctype'
POSIX='sys/mman|sys/stat|sys/types|fcntl|unistd|pthread|sched|sys/syscall'
TAB=$(printf '\t')
while IFS="$TAB" read -r where h cond; do
    name=$(printf '%s' "$h" | sed 's/^[<"]//; s/[>"]$//; s/\.h$//')
    case "$h" in
    \"*)
        if [ -f "${h#?}" ] || [ -f "$(printf '%s' "$h" | tr -d '"')" ]; then
            bad "$where: $h: a single-file header includes no other project file"
        else bad "$where: $h: missing file"; fi
        continue ;;
    esac
    if printf '%s\n' "$name" | grep -Eqx "$STD"; then ok "$where: $h (standard C)"; continue; fi
    if printf '%s\n' "$name" | grep -Eqx "$POSIX"; then
        if printf '%s' "$cond" | grep -Eq '!\(?defined\(_WIN32\)|!\(defined\(_WIN32\)\)|!\(\(defined\(_WIN32\)\)\)'; then ok "$where: $h (POSIX, not _WIN32)"
        else bad "$where: $h is a POSIX header outside a !_WIN32 guard (condition: $cond)"; fi
        continue
    fi
    case "$name" in
    windows)
        if printf '%s' "$cond" | grep -Eq '(^|[^!])\(?defined\(_WIN32\)'; then ok "$where: $h (_WIN32)"
        else bad "$where: $h outside a _WIN32 guard (condition: $cond)"; fi ;;
    linux/futex)
        if printf '%s' "$cond" | grep -Eq '(^|[^!])\(?defined\(__linux__\)'; then ok "$where: $h (__linux__)"
        else bad "$where: $h outside a __linux__ guard (condition: $cond)"; fi ;;
    sys/sysctl)
        if printf '%s' "$cond" | grep -Eq '(^|[^!])\(?defined\(__APPLE__\)'; then ok "$where: $h (__APPLE__)"
        else bad "$where: $h outside an __APPLE__ guard (condition: $cond)"; fi ;;
    intrin)
        if printf '%s' "$cond" | grep -Eq '(^|[^!])\(?defined\(_MSC_VER\)'; then ok "$where: $h (_MSC_VER)"
        else bad "$where: $h outside a _MSC_VER guard (condition: $cond)"; fi ;;
    omp)
        if printf '%s' "$cond" | grep -Eq '(^|[^!])(defined\(_OPENMP\)|\(_OPENMP\))'; then ok "$where: $h (_OPENMP)"
        else bad "$where: $h outside an _OPENMP guard (condition: $cond)"; fi ;;
    immintrin | x86intrin)
        if printf '%s' "$cond" | grep -Eq '(^|[^!])defined\(TL__X86\)'; then ok "$where: $h (x86 SIMD)"
        else bad "$where: $h outside a TL__X86 guard (condition: $cond)"; fi ;;
    arm_neon)
        if printf '%s' "$cond" | grep -Eq '(^|[^!])defined\(TL__ARM\)'; then ok "$where: $h (NEON)"
        else bad "$where: $h outside a TL__ARM guard (condition: $cond)"; fi ;;
    *) bad "$where: $h is not a standard C header (condition: $cond)" ;;
    esac
done <"$OUT/includes.txt"
# the kernel sets' macros must come from the target's macros, and TL_NO_SIMD must turn them off
for m in TL__X86:__x86_64__ TL__ARM:__aarch64__; do
    if awk -v m="${m%%:*}" -v f="${m#*:}" '
        /^[ \t]*#[ \t]*if/ { c[++sp] = $0 } /^[ \t]*#[ \t]*endif/ { sp-- }
        $0 ~ "^[ \t]*#[ \t]*define[ \t]+" m "([ \t]|$)" { s = ""; for (i = 1; i <= sp; i++) s = s c[i]; if (s ~ f && s ~ /!defined\(TL_NO_SIMD\)/) found = 1 }
        END { exit !found }' "$HDR"; then ok "$m"
    else bad "${m%%:*} is not defined from ${m#*:} under !defined(TL_NO_SIMD)"; fi
done

# ---- 2. link with -lm alone ----
CC=${CC:-cc}
for p in examples/*.c; do
    [ -f "$p" ] || continue
    b=$(basename "$p" .c)
    for v in plain omp; do
        f=; [ $v = omp ] && f=-fopenmp
        if $CC -std=c99 -O1 $f -I. -o "$OUT/$b-$v" "$p" -lm >"$OUT/$b-$v.log" 2>&1; then
            libs=$(readelf -d "$OUT/$b-$v" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
            extra=$(printf '%s\n' $libs | grep -Ev '^(libc\.so|libm\.so|ld-linux|libgomp\.so)' | tr '\n' ' ')
            if [ $v = plain ] && printf '%s' "$libs" | grep -q libgomp; then extra="$extra libgomp.so"; fi
            if [ -z "$extra" ]; then ok "$p links with -lm alone ($v: $libs)"
            else bad "$p ($v) needs more than -lm: $extra"; fi
        else
            bad "$p does not build with '$CC -std=c99 $f $p -lm' (see $OUT/$b-$v.log)"
            sed 's/^/    /' "$OUT/$b-$v.log" | head -5
        fi
    done
done
echo "check-includes: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
