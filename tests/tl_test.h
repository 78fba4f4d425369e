/* tl_test.h - the tiny test harness of tinyllm.h's tests.
   Each test program counts checks, prints one line per failure and ends with the line
   "NAME: N passed, N failed"; tests/run.sh adds the counts of all programs up. */
#ifndef TL_TEST_H
#define TL_TEST_H
#include <stdio.h>
#include <stdarg.h>

static int tlt_pass, tlt_fail;

static void tlt_check(int ok, const char *file, int line, const char *fmt, ...) {
    va_list ap;
    if (ok) { tlt_pass++; return; }
    tlt_fail++;
    fprintf(stdout, "FAIL %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    fflush(stdout);
}

/* CHECK(cond, "printf-style message shown on failure", ...) */
#define CHECK(cond, ...) tlt_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

/* the fixtures folder: argv[1] when given, else tests/fixtures */
static const char *tlt_fixtures(int argc, char **argv) { return argc > 1 ? argv[1] : "tests/fixtures"; }

static int tlt_done(const char *name) {
    printf("%s: %d passed, %d failed\n", name, tlt_pass, tlt_fail);
    return tlt_fail ? 1 : 0;
}
#endif
