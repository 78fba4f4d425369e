#!/bin/bash
# tests/compile_matrix.sh - compile tinyllm.h in every supported combination, warnings as errors.
#
#   bash tests/compile_matrix.sh [-q] [-j N] [FILTER]
#
# Combinations (each one compiled to an object file, so -O3-only warnings show up):
#   C:    gcc, clang  x  -std=c99, c11, c17  x  -O0, -O3  x  plain (x86-64: every kernel set
#         through target attributes) / -march=native  x  declarations only / with the implementation
#   SIMD: gcc, clang: -DTL_NO_SIMD, plain x86-64, -mavx2 -mfma, x86-64-v3 with AVX-VNNI and
#         skylake-avx512 (C and C++), -march=native: other compile-time baselines under the passes
#   C++:  g++, clang++  x  -std=c++11, c++17  x  -O0, -O3  x  plain / -march=native  x  decl/impl
#   link: a C++ program calling a C implementation; implementation + declarations in one C file;
#         TL_STATIC; a custom allocator
#   tcc:  Debian's tcc (no SIMD), declarations and implementation, and linked programs
#   programs: tests/*.c tools/*.c examples/*.c compiled and linked with -lm alone, in the main
#         combos (gcc c99 -O2 plain, clang c11 -O3 native, gcc c17 -O0 scalar, clang c99 -O2
#         -mavx2 -mfma)
# -q (quick, for CI): of the -O0/-O3 x plain/native product only -O0 plain and -O3 native, and
# the programs in two combos (gcc c99 -O0 plain: the -O3 warnings are the implementation's,
# checked above; gcc c17 -O0 scalar) and tcc.
# FILTER (a grep -E pattern) keeps only the combinations whose names match. Prints one line per failure and ends with
# "compile-matrix: N passed, N failed"; exits 1 when any failed. Output: ${B:-build}/matrix.
set -u
cd "$(dirname "$0")/.." || exit 2
JOBS=$(nproc 2>/dev/null || echo 2)
FILTER=
QUICK=
while [ $# -gt 0 ]; do
    case "$1" in
    -j) JOBS=$2; shift 2 ;;
    -j*) JOBS=${1#-j}; shift ;;
    -q) QUICK=1; shift ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) FILTER=$1; shift ;;
    esac
done
OUT=${B:-build}/matrix
rm -rf "$OUT"
mkdir -p "$OUT/src" "$OUT/obj" "$OUT/log" "$OUT/res"
SRC=$OUT/src
WC="-Wall -Wextra -Wpedantic -Werror"
INC="-I. -Itests"

# ---- the small translation units ----
cat >"$SRC/decl.c" <<'EOF'
/* declarations only: every public type and a call of each kind */
#include "tinyllm.h"
#include "tinyllm.h" /* twice: the include guard */
#ifdef __cplusplus
extern "C"
#endif
int tl_matrix_decl(const char *dir);
int tl_matrix_decl(const char *dir) {
    tl_model m;
    tl_tokenizer tok;
    tl_session s;
    tl_gen_params gp;
    tl_detok d;
    int ids[16], n, r;
    if ((r = tl_model_load(&m, dir)) != TL_OK) return r;
    if ((r = tl_tokenizer_load(&tok, dir)) != TL_OK) { tl_model_free(&m); return r; }
    n = tl_encode(&tok, "hi", 2, ids, 16, 0);
    tl_detok_init(&d, &tok, 0);
    tl_gen_params_default(&gp);
    if (n > 0 && tl_session_init(&s, &m, 0) == TL_OK) {
        r = tl_generate(&s, ids, n, &gp, 0, &d);
        tl_session_free(&s);
    }
    tl_tokenizer_free(&tok);
    tl_model_free(&m);
    return r;
}
EOF
cp "$SRC/decl.c" "$SRC/decl.cpp"
printf '#define TINYLLM_IMPLEMENTATION\n#include "tinyllm.h"\n' >"$SRC/impl.c"
cp "$SRC/impl.c" "$SRC/impl.cpp"
cat >"$SRC/both.c" <<'EOF'
/* the STB pattern: the header once for declarations, then again for the implementation */
#include "tinyllm.h"
#define TINYLLM_IMPLEMENTATION
#include "tinyllm.h"
#include "tinyllm.h"
int main(int argc, char **argv) {
    tl_model m;
    int r = tl_model_load(&m, argc > 1 ? argv[1] : "tests/fixtures/models/qwen2-tiny-bf16");
    if (r == TL_OK) tl_model_free(&m);
    return r == TL_OK ? 0 : 1;
}
EOF
cat >"$SRC/main.cpp" <<'EOF'
// a C++ program using a C (or C++) compiled implementation through the declarations
#include "tinyllm.h"
#include <cstdio>
extern "C" int tl_matrix_decl(const char *dir);
int main(int argc, char **argv) {
    tl_model m;
    int r = tl_model_load(&m, argc > 1 ? argv[1] : "tests/fixtures/models/qwen2-tiny-bf16");
    if (r != TL_OK) { std::printf("%s\n", m.err); return 1; }
    std::printf("%s\n", m.desc);
    tl_model_free(&m);
    return tl_matrix_decl("/nonexistent") == TL_OK;
}
EOF
cat >"$SRC/static.c" <<'EOF'
/* TL_STATIC and a custom allocator */
#include <stdlib.h>
static size_t tl_matrix_allocs;
static void *my_malloc(size_t n) { tl_matrix_allocs++; return malloc(n); }
#define TL_STATIC
#define TL_MALLOC(sz) my_malloc(sz)
#define TL_REALLOC(p, sz) realloc(p, sz)
#define TL_FREE(p) free(p)
#define TL_ASSERT(x) ((void)0)
#define TINYLLM_IMPLEMENTATION
#include "tinyllm.h"
int main(int argc, char **argv) {
    tl_model m;
    int r = tl_model_load(&m, argc > 1 ? argv[1] : "tests/fixtures/models/qwen2-tiny-bf16");
    if (r == TL_OK) tl_model_free(&m);
    return r == TL_OK && tl_matrix_allocs > 0 ? 0 : 1;
}
EOF

# ---- job runner ----
NAMES=()
declare -A CMD
add() { # add NAME COMMAND...
    local name=$1; shift
    if [ -n "$QUICK" ]; then
        case $name in
        *-O0-native-* | *-O3-plain-* | prog-clang-* | prog-gcc-c99-O2-* ) return ;;
        esac
    fi
    if [ -n "$FILTER" ] && ! printf '%s\n' "$name" | grep -Eq -- "$FILTER"; then return; fi
    NAMES+=("$name")
    CMD[$name]="$*"
}
have() { command -v "$1" >/dev/null 2>&1; }

# ---- C ----
for cc in gcc clang; do
    have $cc || { echo "SKIP $cc: not installed"; continue; }
    for std in c99 c11 c17; do
        for opt in O0 O3; do
            for arch in plain native; do
                of=; [ $arch = native ] && of=-march=native
                for mode in decl impl; do
                    n=c-$cc-$std-$opt-$arch-$mode
                    add $n $cc -std=$std -$opt $of $WC $INC -c $SRC/$mode.c -o $OUT/obj/$n.o
                done
            done
        done
    done
    for v in "scalar:-DTL_NO_SIMD -march=native" "sse2:" "avx2:-mavx2 -mfma" "avxvnni:-march=x86-64-v3 -mavxvnni" "avx512bw:-march=skylake-avx512" "native:-march=native"; do
        n=simd-$cc-${v%%:*}
        add $n $cc -std=c11 -O3 ${v#*:} $WC $INC -c $SRC/impl.c -o $OUT/obj/$n.o
    done
done

# ---- C++ ----
for cxx in g++ clang++; do
    have $cxx || { echo "SKIP $cxx: not installed"; continue; }
    for std in c++11 c++17; do
        for opt in O0 O3; do
            for arch in plain native; do
                of=; [ $arch = native ] && of=-march=native
                for mode in decl impl; do
                    n=cxx-$cxx-$std-$opt-$arch-$mode
                    add $n $cxx -std=$std -$opt $of $WC $INC -c $SRC/$mode.cpp -o $OUT/obj/$n.o
                done
            done
        done
    done
    add cxx-$cxx-scalar $cxx -std=c++11 -O3 -DTL_NO_SIMD $WC $INC -c $SRC/impl.cpp -o $OUT/obj/cxx-$cxx-scalar.o
    add cxx-$cxx-avx2 $cxx -std=c++17 -O3 -mavx2 -mfma $WC $INC -c $SRC/impl.cpp -o $OUT/obj/cxx-$cxx-avx2.o
    add cxx-$cxx-avxvnni $cxx -std=c++11 -O3 -march=x86-64-v3 -mavxvnni $WC $INC -c $SRC/impl.cpp -o $OUT/obj/cxx-$cxx-avxvnni.o
    add cxx-$cxx-avx512bw $cxx -std=c++17 -O3 -march=skylake-avx512 $WC $INC -c $SRC/impl.cpp -o $OUT/obj/cxx-$cxx-avx512bw.o
done

# ---- linked: C++ main + C implementation, C++ main + C++ implementation, STB pattern, TL_STATIC ----
add link-cxx-main-c-impl "gcc -std=c99 -O2 -march=native $WC $INC -c $SRC/impl.c -o $OUT/obj/l1-impl.o && gcc -std=c99 -O2 $WC $INC -c $SRC/decl.c -o $OUT/obj/l1-decl.o && g++ -std=c++11 -O2 $WC $INC -c $SRC/main.cpp -o $OUT/obj/l1-main.o && g++ -o $OUT/obj/l1 $OUT/obj/l1-main.o $OUT/obj/l1-decl.o $OUT/obj/l1-impl.o -lm && $OUT/obj/l1"
add link-cxx-main-cxx-impl "clang++ -std=c++17 -O2 -march=native $WC $INC -c $SRC/impl.cpp -o $OUT/obj/l2-impl.o && clang++ -std=c++17 -O2 $WC $INC -c $SRC/decl.cpp -o $OUT/obj/l2-decl.o && clang++ -std=c++17 -O2 $WC $INC -c $SRC/main.cpp -o $OUT/obj/l2-main.o && clang++ -o $OUT/obj/l2 $OUT/obj/l2-main.o $OUT/obj/l2-decl.o $OUT/obj/l2-impl.o -lm && $OUT/obj/l2"
add link-stb-both "gcc -std=c99 -O2 -march=native $WC $INC -o $OUT/obj/both $SRC/both.c -lm && $OUT/obj/both"
add link-static-alloc "clang -std=c11 -O2 -march=native $WC -Wno-unused-function $INC -o $OUT/obj/static $SRC/static.c -lm && $OUT/obj/static"

# ---- tcc (no SIMD: tcc has no target attributes, so the header compiles no kernel set) ----
if have tcc; then
    for mode in decl impl; do
        add tcc-$mode tcc -std=c99 -Wall -Werror $INC -c $SRC/$mode.c -o $OUT/obj/tcc-$mode.o
    done
    add tcc-link-both "tcc -Wall -Werror $INC -o $OUT/obj/tcc-both $SRC/both.c -lm && $OUT/obj/tcc-both"
else
    echo "SKIP tcc: not installed (apt-get install tcc)"
fi

# ---- the real programs, linked with -lm alone ----
PROGS=$(ls tests/*.c tools/*.c examples/*.c 2>/dev/null)
for p in $PROGS; do
    b=$(basename "$p" .c); d=$(basename "$(dirname "$p")")
    add prog-gcc-c99-O2-plain-$d-$b gcc -std=c99 -O2 $WC $INC -o $OUT/obj/p1-$d-$b $p -lm
    add prog-gcc-c99-O0-plain-$d-$b gcc -std=c99 -O0 $WC $INC -o $OUT/obj/p0-$d-$b $p -lm
    add prog-clang-c11-O3-native-$d-$b clang -std=c11 -O3 -march=native $WC $INC -o $OUT/obj/p2-$d-$b $p -lm
    add prog-gcc-c17-O0-scalar-$d-$b gcc -std=c17 -O0 -DTL_NO_SIMD $WC $INC -o $OUT/obj/p3-$d-$b $p -lm
    add prog-clang-c99-O2-avx2-$d-$b clang -std=c99 -O2 -mavx2 -mfma $WC $INC -o $OUT/obj/p4-$d-$b $p -lm
    if have tcc; then add prog-tcc-$d-$b tcc -Wall -Werror $INC -o $OUT/obj/p5-$d-$b $p -lm; fi
done

run_one() {
    local name=$1
    if eval "${CMD[$name]}" >"$OUT/log/$name.log" 2>&1; then echo ok >"$OUT/res/$name"; else echo fail >"$OUT/res/$name"; fi
}
start=$(date +%s)
for name in "${NAMES[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
    run_one "$name" &
done
wait
pass=0; fail=0
for name in "${NAMES[@]}"; do
    if [ "$(cat "$OUT/res/$name" 2>/dev/null)" = ok ]; then pass=$((pass + 1)); else
        fail=$((fail + 1))
        echo "FAIL $name: ${CMD[$name]}"
        grep -E 'error|warning' "$OUT/log/$name.log" | head -5 | sed 's/^/    /'
    fi
done
echo "compile matrix: ${#NAMES[@]} combinations in $(($(date +%s) - start)) s (logs: $OUT/log)"
echo "compile-matrix: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
