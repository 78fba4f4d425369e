/* now_s(): a monotonic clock in seconds for the tools (tl-bench, tl-membw), standard C plus the
   platform's timer. Define _POSIX_C_SOURCE >= 199309L before the first system header (the tools
   do) so that clock_gettime is declared under -std=c99. */
#ifndef TL_TOOLS_NOW_H
#define TL_TOOLS_NOW_H
#include <time.h>
#if defined(_WIN32)
#include <windows.h>
#endif

static double now_s(void) {
#if defined(_WIN32)
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (double)c.QuadPart / (double)f.QuadPart;
#elif defined(CLOCK_MONOTONIC)
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
#else
    return (double)clock() / CLOCKS_PER_SEC; /* CPU time: only a fallback */
#endif
}
#endif
