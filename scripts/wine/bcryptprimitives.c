/*
 * Test-only stand-in for Windows' bcryptprimitives.dll, for running parcalc.exe under Wine 8.
 *
 * Rust's standard library on x86_64-pc-windows-gnu takes its random bytes (HashMap seeds)
 * from `ProcessPrng` in bcryptprimitives.dll. Windows 10 and later ship that DLL; Wine 8.0
 * (Debian 12) does not, so the .exe stops at start-up with status c0000135. This DLL exports
 * `ProcessPrng` and forwards it to `RtlGenRandom` (advapi32's SystemFunction036), which Wine
 * has. scripts/wine-test builds it and places it beside the .exe in a temporary folder.
 *
 * It belongs to the test only: it must never be shipped in the release zip (scripts/release
 * refuses to package it, and scripts/wine-test checks the zip does not hold it).
 */
#include <windows.h>

BOOLEAN NTAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    /* RtlGenRandom takes a ULONG length: fill larger requests in pieces. */
    while (length > 0) {
        ULONG piece = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, piece)) {
            return FALSE;
        }
        data += piece;
        length -= piece;
    }
    return TRUE;
}
