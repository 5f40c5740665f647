/* Wine-only stand-in, never shipped: Qt 6's Qt6Core.dll imports ucnv_* from Windows 10's system
   icuuc.dll, which Wine 8 lacks. Every converter "fails to open", so Qt uses its own codecs. */
#include <stdint.h>
#include <stddef.h>
#define X __declspec(dllexport)
X void *ucnv_open(const char *n, int *e) { (void)n; if (e) *e = 4; return NULL; }
X void ucnv_close(void *c) { (void)c; }
X void ucnv_reset(void *c) { (void)c; }
X int8_t ucnv_getMaxCharSize(const void *c) { (void)c; return 4; }
X const char *ucnv_getName(const void *c, int *e) { (void)c; if (e) *e = 4; return NULL; }
X const char *ucnv_getStandardName(const char *n, const char *s, int *e) { (void)n; (void)s; if (e) *e = 4; return NULL; }
X const char *ucnv_getAvailableName(int32_t i) { (void)i; return NULL; }
X int32_t ucnv_countAvailable(void) { return 0; }
X void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
X void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
X void ucnv_getToUCallBack(void) {}
X void ucnv_getFromUCallBack(void) {}
X void ucnv_setToUCallBack(void) {}
X void ucnv_setFromUCallBack(void) {}
X void ucnv_cbToUWriteUChars(void) {}
X void ucnv_cbFromUWriteUChars(void) {}
X void ucnv_toUnicode(void) {}
X void ucnv_fromUnicode(void) {}
X int32_t ucnv_toUCountPending(void) { return 0; }
X int32_t ucnv_fromUCountPending(void) { return 0; }
