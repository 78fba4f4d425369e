# tinyllm.h - build the demo, tools and tests.  `make` builds, `make test` runs every test.
CC      ?= cc
CFLAGS  ?= -O2 -march=native
OMP     ?= -fopenmp
WARN    := -Wall -Wextra -Wpedantic
ALLCFLAGS = $(CFLAGS) $(OMP) $(WARN) -I. -Itests
LDLIBS  := -lm
B       := build
FIX     := tests/fixtures

TOOLS   := $(B)/tl-tokenize $(B)/tl-mkmodel $(B)/tl-bench
TESTS   := $(B)/test_model $(B)/test_generate $(B)/test_tokenizer $(B)/test_cli

.PHONY: all test demo clean
all: tinyllm $(TOOLS)

$(B):
	mkdir -p $(B)

tinyllm: examples/tinyllm.c tinyllm.h
	$(CC) $(ALLCFLAGS) -o $@ examples/tinyllm.c $(LDLIBS)

$(B)/tl-%: tools/%.c tinyllm.h | $(B)
	$(CC) $(ALLCFLAGS) -o $@ $< $(LDLIBS)

$(B)/test_%: tests/test_%.c tinyllm.h tests/tl_test.h | $(B)
	$(CC) $(ALLCFLAGS) -o $@ $< $(LDLIBS)

test: $(TESTS) tinyllm
	sh tests/run.sh $(TESTS)

demo: tinyllm
	./tinyllm -m $(FIX)/qwen2-demo-mlx4 -p "What is bash?"

clean:
	rm -rf $(B) tinyllm
