/* Test-only stand-in for Windows' bcryptprimitives.dll, which Wine 8 lacks: python-calamine's Rust code
   imports ProcessPrng. Implemented with advapi32's RtlGenRandom (SystemFunction036). Never shipped. */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk; length -= chunk;
    }
    return TRUE;
}
