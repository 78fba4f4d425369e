/* Replays the fuzz corpora and regression inputs (tests/fuzz/corpus/NAME, tests/fuzz/regress/NAME)
   through the fuzz targets without libFuzzer, so `make test` (and `make test-asan`, where it
   matters most) checks every input that once crashed. New crashes: see tests/fuzz/README. */
#define _XOPEN_SOURCE 700
#include "fuzz/fuzz_util.h"
#include "tl_test.h"
#include <dirent.h>

#define LLVMFuzzerTestOneInput fz_json
#include "fuzz/fuzz_json.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_safetensors
#include "fuzz/fuzz_safetensors.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_config
#define LLVMFuzzerInitialize fz_config_init
#include "fuzz/fuzz_config.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize
#define LLVMFuzzerTestOneInput fz_index
#define LLVMFuzzerInitialize fz_index_init
#include "fuzz/fuzz_index.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize
#define LLVMFuzzerTestOneInput fz_tokenizer
#define LLVMFuzzerInitialize fz_tokenizer_init
#include "fuzz/fuzz_tokenizer.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize
#define LLVMFuzzerTestOneInput fz_encode
#define LLVMFuzzerInitialize fz_encode_init
#include "fuzz/fuzz_encode.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize
#define LLVMFuzzerTestOneInput fz_decode
#define LLVMFuzzerInitialize fz_decode_init
#include "fuzz/fuzz_decode.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize

typedef int (*fz_fn)(const uint8_t *, size_t);
typedef int (*fz_init)(int *, char ***);

/* run every file of dir through fn; returns the count */
static int replay_dir(const char *dir, fz_fn fn) {
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (!d) return 0;
    while ((e = readdir(d)) != NULL) {
        char p[4096];
        FILE *f;
        long L;
        unsigned char *buf;
        if (e->d_name[0] == '.') continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (!(f = fopen(p, "rb"))) continue;
        fseek(f, 0, SEEK_END);
        L = ftell(f);
        fseek(f, 0, SEEK_SET);
        buf = (unsigned char *)malloc((size_t)L + 1);
        if (buf && fread(buf, 1, (size_t)L, f) == (size_t)L) {
            fn(buf, (size_t)L); /* a failure aborts (TLF_ASSERT) or is caught by a sanitizer */
            n++;
        }
        free(buf);
        fclose(f);
    }
    closedir(d);
    return n;
}

int main(int argc, char **argv) {
    static const struct { const char *name; fz_fn fn; fz_init init; } t[] = {
        {"json", fz_json, NULL}, {"safetensors", fz_safetensors, NULL}, {"config", fz_config, fz_config_init},
        {"index", fz_index, fz_index_init}, {"tokenizer", fz_tokenizer, fz_tokenizer_init},
        {"encode", fz_encode, fz_encode_init}, {"decode", fz_decode, fz_decode_init}};
    int i, total = 0;
    setenv("TL_FIXTURES", tlt_fixtures(argc, argv), 1);
    for (i = 0; i < (int)(sizeof t / sizeof t[0]); i++) {
        char dir[256];
        int n;
        if (t[i].init) t[i].init(&argc, &argv);
        snprintf(dir, sizeof dir, "tests/fuzz/corpus/%s", t[i].name);
        n = replay_dir(dir, t[i].fn);
        snprintf(dir, sizeof dir, "tests/fuzz/regress/%s", t[i].name);
        n += replay_dir(dir, t[i].fn);
        CHECK(n > 0, "fuzz target %s: no inputs found (run from the repo root)", t[i].name);
        total += n;
    }
    printf("fuzz_replay: %d inputs through 7 targets\n", total);
    tl_tokenizer_free(&enc_tok);
    tl_tokenizer_free(&dec_tok);
    free(enc_ids);
    free(enc_out);
    return tlt_done("fuzz_replay");
}
