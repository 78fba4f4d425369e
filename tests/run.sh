#!/bin/sh
# Runs each test program given (from the repo root) and adds up their "N passed, N failed" lines.
pass=0; fail=0; status=0
for t in "$@"; do
    out=$("$t" tests/fixtures 2>&1); rc=$?
    printf '%s\n' "$out" | grep -v '^  ' 
    line=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -1)
    p=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) passed.*/\1/'); f=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    if [ -z "$line" ]; then echo "$t: crashed or printed no summary (exit $rc)"; f=1; p=0; fi
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && { echo "$t: exit $rc"; f=1; }
    pass=$((pass + p)); fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
