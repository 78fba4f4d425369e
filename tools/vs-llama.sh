#!/bin/sh
# tinyllm against llama.cpp on the same machine, in the same minutes: ROUNDS rounds, each timing
# tl-bench on a checkpoint and llama-bench on the same shapes as GGUF, their order swapped every
# round (this VM's memory bandwidth drifts by minutes, and in one 7B series whichever program ran
# right after the other was the slower: both orders cancel that). Prints each pair and the ratio tinyllm/llama.cpp.
#
#   tools/vs-llama.sh ROUNDS TINYLLM_DIR GGUF "TL_ARGS" "LLAMA_ARGS" [prefill|decode]
#   tools/vs-llama.sh 4 bench-models/qwen2-0.5b-mlx4 q05-q4_0-pure.gguf "-p 128 -n 64 -r 3" "-p 128 -n 64 -r 3"
#
# The GGUF comes from tools/hf2gguf.py (BF16) and llama-quantize (e.g. `--pure ... Q4_0`).
# LLAMA_BENCH names the llama-bench command (default: llama-bench); THREADS (default 2).
# The figures compared: tl-bench's "prefill"/"decode" lines, llama-bench's ppN/tgN rows.
set -e
[ $# -ge 5 ] || { echo "usage: $0 ROUNDS TINYLLM_DIR GGUF TL_ARGS LLAMA_ARGS [prefill|decode]" >&2; exit 2; }
rounds=$1; tdir=$2; gguf=$3; targs=$4; largs=$5; what=${6:-both}
case $rounds in ''|*[!0-9]*) echo "$0: ROUNDS must be a number, not '$rounds'" >&2; exit 2;; esac
case $what in both|prefill|decode) ;; *) echo "$0: the last argument is prefill or decode, not '$what'" >&2; exit 2;; esac
dir=$(dirname "$0")/..
TB=${TL_BENCH:-$dir/build/tl-bench}
LB=${LLAMA_BENCH:-llama-bench}
T=${THREADS:-2}
# shellcheck disable=SC2086 # the argument lists are split on purpose
tl() {
    out=$("$TB" -m "$tdir" -t "$T" $targs 2>&1) || { echo "vs-llama: tl-bench failed: $(echo "$out" | tail -n 1)" >&2; exit 1; }
    echo "$out" | awk '/^  prefill/{p=$3} /^  decode/{d=$3} END{print p+0, d+0}'
}
# llama-bench's markdown rows: the test name (ppN, tgN, tgN @ dM) and "mean ± sd" are the last two cells
# shellcheck disable=SC2086
ll() {
    out=$($LB -m "$gguf" -t "$T" $largs 2>&1) || { echo "vs-llama: llama-bench failed: $(echo "$out" | grep -v '^|' | tail -n 1)" >&2; exit 1; }
    echo "$out" | awk -F'|' '/\| *pp[0-9]/{split($(NF-1),a,"±"); p=a[1]} /\| *tg[0-9]/{split($(NF-1),a,"±"); d=a[1]} END{print p+0, d+0}'
}
i=0
while [ $i -lt "$rounds" ]; do
    if [ $((i % 2)) -eq 0 ]; then a=$(tl); b=$(ll); else b=$(ll); a=$(tl); fi
    echo "$a $b" | awk -v w="$what" -v r=$i '{
        if (w != "decode") printf "round %d prefill: tinyllm %7.1f  llama.cpp %7.1f  ratio %.2f\n", r, $1, $3, ($3 > 0 ? $1 / $3 : 0)
        if (w != "prefill") printf "round %d decode:  tinyllm %7.1f  llama.cpp %7.1f  ratio %.2f\n", r, $2, $4, ($4 > 0 ? $2 / $4 : 0) }'
    i=$((i + 1))
done
