/* Wine-only stand-in, never shipped: qwindows.dll imports WcsCreateIccProfile, which Wine 8 does
   not implement (the process aborts). No colour profiles: Qt draws in plain sRGB. */
#include <windows.h>
#define X __declspec(dllexport)
X HANDLE WINAPI OpenColorProfileW(void *p, DWORD a, DWORD s, DWORD c) { (void)p; (void)a; (void)s; (void)c; SetLastError(ERROR_FILE_NOT_FOUND); return NULL; }
X BOOL WINAPI CloseColorProfile(HANDLE p) { (void)p; return TRUE; }
X HANDLE WINAPI WcsCreateIccProfile(HANDLE p, DWORD o) { (void)p; (void)o; SetLastError(ERROR_NOT_SUPPORTED); return NULL; }
X BOOL WINAPI GetColorProfileFromHandle(HANDLE p, BYTE *b, DWORD *n) { (void)p; (void)b; (void)n; SetLastError(ERROR_INVALID_HANDLE); return FALSE; }
