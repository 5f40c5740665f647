/* Wine-only stand-in, never shipped: cryptography's _rust.pyd imports ProcessPrng from
   bcryptprimitives.dll, which Wine 8 lacks. Served from RtlGenRandom (SystemFunction036). */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID, ULONG);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE d, SIZE_T n) {
    while (n) { ULONG k = n > 0x10000000 ? 0x10000000 : (ULONG)n; if (!SystemFunction036(d, k)) return FALSE; d += k; n -= k; }
    return TRUE; }
