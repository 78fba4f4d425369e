/* fuzz_json: the JSON parser (tl__json_parse) and its accessors on arbitrary bytes */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    tl__json j;
    char err[TL_ERR_SIZE];
    char *copy = (char *)malloc(size ? size : 1); /* exact size: ASan sees any read past the end */
    int i, r;
    if (!copy) return 0;
    if (size) memcpy(copy, data, size);
    r = tl__json_parse(&j, copy, size, err);
    if (r == TL_OK) {
        TLF_ASSERT(j.n > 0);
        for (i = 0; i < j.n; i++) {
            const tl__jtok *t = &j.t[i];
            double d;
            long long v;
            TLF_ASSERT(t->start <= t->end && t->end <= size);
            TLF_ASSERT(t->next == -1 || (t->next > i && t->next < j.n));
            if (t->type == TL__J_STR) {
                size_t L = 0;
                TLF_ASSERT(t->end < size && copy[t->end] == '"'); /* a string ends at its closing quote */
                char *s = tl__json_strdup(&j, i, &L);
                TLF_ASSERT(s != NULL && L <= t->end - t->start && strlen(s) <= L);
                free(s);
                (void)tl__json_streq(&j, i, "dtype");
            } else if (t->type == TL__J_NUM) {
                (void)tl__json_num(&j, i, &d);
                (void)tl__json_int(&j, i, -1000, 1000, &v);
            } else if (t->type == TL__J_OBJ) {
                (void)tl__json_get(&j, i, "shape");
                TLF_ASSERT(t->size == 0 || j.t[i + 1].type == TL__J_STR);
            }
        }
        tl__json_free(&j);
    } else {
        TLF_ASSERT(r < 0 && err[0]);
        TLF_ASSERT(j.t == NULL);
    }
    free(copy);
    return 0;
}
