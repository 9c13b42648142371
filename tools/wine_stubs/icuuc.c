/* Test-only stand-in for Windows' own icuuc.dll (Windows 10 1903+ has it in System32; Wine 8 has none).
   Qt6Core imports ICU's converter API for encodings it does not know itself; the app uses UTF-8 and the
   system code page only. Every converter "fails to open", so Qt uses its built-in codecs. Never shipped. */
#include <stddef.h>
typedef int UErrorCode;
#define U_FILE_ACCESS_ERROR 4
__declspec(dllexport) void *ucnv_open(const char *name, UErrorCode *err) { (void)name; if (err) *err = U_FILE_ACCESS_ERROR; return NULL; }
__declspec(dllexport) void ucnv_close(void *c) { (void)c; }
__declspec(dllexport) void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
__declspec(dllexport) void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
__declspec(dllexport) void ucnv_reset(void *c) { (void)c; }
__declspec(dllexport) signed char ucnv_getMaxCharSize(const void *c) { (void)c; return 1; }
__declspec(dllexport) const char *ucnv_getName(const void *c, UErrorCode *err) { (void)c; if (err) *err = U_FILE_ACCESS_ERROR; return NULL; }
__declspec(dllexport) void ucnv_getToUCallBack(const void *c, void **a, const void **b) { (void)c; if (a) *a = NULL; if (b) *b = NULL; }
__declspec(dllexport) void ucnv_getFromUCallBack(const void *c, void **a, const void **b) { (void)c; if (a) *a = NULL; if (b) *b = NULL; }
__declspec(dllexport) void ucnv_setToUCallBack(void *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *err) { (void)c; (void)n; (void)nc; (void)o; (void)oc; if (err) *err = U_FILE_ACCESS_ERROR; }
__declspec(dllexport) void ucnv_setFromUCallBack(void *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *err) { (void)c; (void)n; (void)nc; (void)o; (void)oc; if (err) *err = U_FILE_ACCESS_ERROR; }
__declspec(dllexport) void ucnv_cbToUWriteUChars(void *a, const void *s, int l, int o, UErrorCode *err) { (void)a; (void)s; (void)l; (void)o; if (err) *err = U_FILE_ACCESS_ERROR; }
__declspec(dllexport) void ucnv_cbFromUWriteUChars(void *a, const void **s, const void *e, int o, UErrorCode *err) { (void)a; (void)s; (void)e; (void)o; if (err) *err = U_FILE_ACCESS_ERROR; }
__declspec(dllexport) void ucnv_toUnicode(void *c, void **t, const void *tl, const char **s, const char *sl, int *o, signed char f, UErrorCode *err) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; if (err) *err = U_FILE_ACCESS_ERROR; }
__declspec(dllexport) void ucnv_fromUnicode(void *c, char **t, const char *tl, const void **s, const void *sl, int *o, signed char f, UErrorCode *err) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; if (err) *err = U_FILE_ACCESS_ERROR; }
__declspec(dllexport) int ucnv_toUCountPending(const void *c, UErrorCode *err) { (void)c; (void)err; return 0; }
__declspec(dllexport) int ucnv_fromUCountPending(const void *c, UErrorCode *err) { (void)c; (void)err; return 0; }
__declspec(dllexport) const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *err) { (void)n; (void)s; (void)err; return NULL; }
__declspec(dllexport) const char *ucnv_getAvailableName(int n) { (void)n; return NULL; }
__declspec(dllexport) int ucnv_countAvailable(void) { return 0; }
