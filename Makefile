# tinyllm.h - build the demo, tools and tests.  `make` builds, `make test` runs every test.
CC      ?= cc
CFLAGS  ?= -O2
# the threads are the header's own (pthreads): glibc before 2.34 needs -pthread to link them
PTHREAD ?= -pthread
WARN    := -Wall -Wextra -Wpedantic
ALLCFLAGS = $(CFLAGS) $(PTHREAD) $(WARN) -I. -Itests
LDLIBS  := -lm
B       := build
FIX     := tests/fixtures

TOOLS   := $(B)/tl-tokenize $(B)/tl-mkmodel $(B)/tl-bench $(B)/tl-mkbad
TESTS   := $(B)/test_model $(B)/test_kernels $(B)/test_generate $(B)/test_tokenizer $(B)/test_cli $(B)/test_malformed $(B)/test_alloc $(B)/test_fuzz_replay

.PHONY: all test demo clean
all: tinyllm $(TOOLS)

$(B):
	mkdir -p $(B)

tinyllm: examples/tinyllm.c tinyllm.h
	$(CC) $(ALLCFLAGS) -o $@ examples/tinyllm.c $(LDLIBS)

$(B)/tl-%: tools/%.c tools/now.h tinyllm.h | $(B)
	$(CC) $(ALLCFLAGS) -o $@ $< $(LDLIBS)

$(B)/test_%: tests/test_%.c tinyllm.h tests/tl_test.h | $(B)
	$(CC) $(ALLCFLAGS) -o $@ $< $(LDLIBS)

test: $(TESTS) tinyllm
	sh tests/run.sh $(TESTS)

demo: tinyllm
	./tinyllm -m $(FIX)/qwen2-demo-mlx4 -p "What is bash?"

# make bench: random-weight Qwen2-0.5B checkpoints (MLX 4-bit g64 and BF16, built once into
# bench-models/), tl-bench on each with BENCH_T threads, and the machine's memory bandwidth.
BENCH_T ?= 2
BM      := bench-models
.PHONY: bench
$(BM)/qwen2-0.5b-mlx4/config.json $(BM)/qwen2-0.5b-bf16/config.json: | $(B)/tl-mkmodel
	$(B)/tl-mkmodel --preset qwen2-0.5b --format $(if $(findstring bf16,$@),bf16,mlx4) $(dir $@)
$(B)/tl-membw: tools/membw.c tools/now.h | $(B)
	$(CC) -O3 -march=native -fopenmp -o $@ $< || $(CC) -O3 -o $@ $<
bench: $(B)/tl-bench $(B)/tl-membw $(BM)/qwen2-0.5b-mlx4/config.json $(BM)/qwen2-0.5b-bf16/config.json
	@echo "memory bandwidth: $$(OMP_NUM_THREADS=$(BENCH_T) $(B)/tl-membw) GB/s"
	@for m in qwen2-0.5b-mlx4 qwen2-0.5b-bf16; do \
	    $(B)/tl-bench -m $(BM)/$$m -p 128 -n 64 -t $(BENCH_T) -r 3 || exit 1; \
	    $(B)/tl-bench -m $(BM)/$$m -p 128 -n 32 -t $(BENCH_T) -r 1 -d 4096 | grep decode || exit 1; done

# ---- portability (#7): kernel sets, compile matrix, cross builds -----------------------------
# One build holds every kernel set the target has and test_kernels tests each one the CPU runs;
# test-cpu runs the other test programs with one set forced (make test-cpu CPU=avx2, as
# TL_CPU=avx2 would for any program). test-variant builds the tests with other flags in their
# own dir (make test-variant B=build/x CFLAGS="-O2 -DTL_NO_SIMD"). test_cli drives ./tinyllm,
# so neither runs it.
VTESTS  = $(filter-out $(B)/test_cli,$(patsubst tests/%.c,$(B)/%,$(wildcard tests/test_*.c)))
CPU     ?= avx2
.PHONY: test-variant test-cpu test-scalar test-avx2 test-avxvnni test-avx512bw test-native test-simd compile-matrix compile-matrix-quick check-includes \
        test-aarch64 test-s390x test-mingw test-cross
test-variant: $(VTESTS)
	sh tests/run.sh $(VTESTS)
test-cpu: $(VTESTS) tinyllm
	@if ! ./tinyllm --cpus | grep -qx "$(CPU)"; then echo "test-cpu: skipped, this CPU does not run $(CPU)"; \
	else TL_CPU=$(CPU) sh tests/run.sh $(VTESTS); fi
test-scalar:
	@$(MAKE) --no-print-directory test-variant B=build/scalar CFLAGS="-O2 -DTL_NO_SIMD"
test-avx2:
	@$(MAKE) --no-print-directory test-cpu CPU=avx2
test-avxvnni:
	@$(MAKE) --no-print-directory test-cpu CPU=avxvnni
test-avx512bw:
	@$(MAKE) --no-print-directory test-cpu CPU=avx512
# -march=native: the compile-time baseline holds more, the passes still add the rest
test-native:
	@$(MAKE) --no-print-directory test-variant B=build/native CFLAGS="-O2 -march=native"
test-simd: test-scalar test-avx2 test-avxvnni test-avx512bw test-native
compile-matrix:
	bash tests/compile_matrix.sh
compile-matrix-quick:
	bash tests/compile_matrix.sh -q
check-includes:
	sh tests/check_includes.sh
test-aarch64 test-s390x test-mingw:
	bash tests/cross.sh $(@:test-%=%)
test-cross:
	bash tests/cross.sh aarch64 s390x mingw

# ---- hostile input (#6): fuzzing, sanitizers, leak checks --------------------------------------
# make fuzz: each libFuzzer target for FUZZ_SECONDS on its corpus (tests/fuzz/corpus/NAME, new
# inputs go to build/fuzz/corpus/NAME; crashes to build/fuzz/crash-NAME-*), after replaying the
# saved regression inputs (tests/fuzz/regress/NAME). Needs clang and libclang-rt-*-dev. The
# targets parse files and text only: built without the SIMD kernel sets (-DTL_NO_SIMD): a fifth of the compile time.
# make test-asan: every test in TESTS under ASan+UBSan (no OpenMP; leaks checked by LSan).
# make test-valgrind: the hostile-input tests under valgrind memcheck (slow: targeted).
FUZZCC       ?= clang
FUZZ_SECONDS ?= 20
FUZZ_FLAGS   ?=
FUZZ_TARGETS := json safetensors config index tokenizer encode decode
FUZZ_BINS     = $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)
SANCC        ?= $(CC)
SANARCH      ?= -march=native
SANFLAGS     := $(SANARCH) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
ASAN_TESTS    = $(TESTS:$(B)/%=$(B)/asan/%)
VG_TESTS     := $(B)/vg/test_malformed $(B)/vg/test_alloc
VALGRIND     ?= valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --show-leak-kinds=definite,indirect,possible
.PHONY: fuzz fuzz-build fuzz-replay test-asan test-tsan test-valgrind

$(B)/test_malformed $(B)/asan/test_malformed $(B)/vg/test_malformed: tools/mkbad.c
$(B)/test_fuzz_replay $(B)/asan/test_fuzz_replay: $(wildcard tests/fuzz/*.c tests/fuzz/*.h)

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h tinyllm.h
	@mkdir -p $(B)/fuzz
	$(FUZZCC) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -DTL_NO_SIMD $(WARN) -I. -Itests -o $@ $< -lm
fuzz-build: $(FUZZ_BINS)
fuzz-replay: $(FUZZ_BINS)
	@for t in $(FUZZ_TARGETS); do \
	    files=$$(ls tests/fuzz/regress/$$t/* tests/fuzz/corpus/$$t/* 2>/dev/null); \
	    [ -z "$$files" ] && continue; \
	    $(B)/fuzz/fuzz_$$t $$files >$(B)/fuzz/replay-$$t.log 2>&1 || { cat $(B)/fuzz/replay-$$t.log; echo "fuzz-replay $$t: FAILED"; exit 1; }; \
	    echo "fuzz-replay $$t: $$(echo $$files | wc -w) inputs ok"; \
	done
fuzz: fuzz-replay
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(B)/fuzz/corpus/$$t; \
	    echo "fuzz $$t: $(FUZZ_SECONDS) s"; \
	    $(B)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -artifact_prefix=$(B)/fuzz/crash-$$t- \
	        -dict=tests/fuzz/$$t.dict $(FUZZ_FLAGS) $(B)/fuzz/corpus/$$t tests/fuzz/corpus/$$t 2>$(B)/fuzz/$$t.log \
	        || { tail -60 $(B)/fuzz/$$t.log; echo "fuzz $$t: CRASH, input in $(B)/fuzz/crash-$$t-*"; exit 1; }; \
	    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" $(B)/fuzz/$$t.log; \
	done

$(B)/asan/test_%: tests/test_%.c tinyllm.h tests/tl_test.h
	@mkdir -p $(B)/asan
	$(SANCC) $(SANFLAGS) $(WARN) -I. -Itests -o $@ $< $(LDLIBS)
test-asan: $(ASAN_TESTS) tinyllm
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    sh tests/run.sh $(ASAN_TESTS)

# make test-tsan: the kernel and generation tests under ThreadSanitizer (clang): the pool's
# workers, and the kernels' per-thread scratch (test-asan runs the same code with threads too).
TSAN_TESTS := test_kernels test_generate
TSAN = clang -O1 -g -fno-omit-frame-pointer -fsanitize=thread $(WARN) -I. -Itests
$(B)/tsan/test_%: tests/test_%.c tinyllm.h tests/tl_test.h
	@mkdir -p $(dir $@)
	$(TSAN) -o $@ $< $(LDLIBS)
test-tsan: $(TSAN_TESTS:%=$(B)/tsan/%)
	TL_TEST_QUICK=2 TSAN_OPTIONS=halt_on_error=1 sh tests/run.sh $^

$(B)/vg/test_%: tests/test_%.c tinyllm.h tests/tl_test.h
	@mkdir -p $(B)/vg
	$(CC) -O1 -g $(WARN) -I. -Itests -o $@ $< $(LDLIBS)
test-valgrind: $(VG_TESTS) tinyllm
	@st=0; for t in $(VG_TESTS); do \
	    TL_VALGRIND=1 $(VALGRIND) $$t tests/fixtures >$$t.log 2>&1; rc=$$?; \
	    grep -E "^FAIL|^==|passed, [0-9]+ failed" $$t.log | tail -40; \
	    if [ $$rc -eq 99 ]; then echo "valgrind $$t: memcheck errors (log: $$t.log)"; st=1; \
	    elif [ $$rc -ne 0 ]; then echo "valgrind $$t: no memcheck errors, but the test failed (exit $$rc, log: $$t.log)"; st=1; \
	    else echo "valgrind $$t: clean"; fi; \
	done; exit $$st

clean:
	rm -rf $(B) tinyllm
