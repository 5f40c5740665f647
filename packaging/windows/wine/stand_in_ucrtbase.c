/* Wine-only stand-in, never shipped: Wine 8's ucrtbase.dll leaves the C99 complex functions as
   stubs that abort when called, and numpy 2 calls crealf/cimagf as it is imported (PyInstaller's
   hooks import it; so does OCR in the bundle). Windows 10 has them all. This DLL takes the name
   ucrtbase.dll in the Wine prefix: setup.sh forwards every other export to Wine's own ucrtbase,
   copied beside it as wine_ucrtbase.dll (the .def it writes lists these names as defined here).

   ABI: the UCRT passes _Fcomplex/_Dcomplex/_Lcomplex as structs of two floats/doubles (long
   double is double on Windows), so they are declared as such, not as GCC's _Complex types. */
#include <complex.h>
#include <math.h>

typedef struct { float v[2]; } fcx;     /* _Fcomplex */
typedef struct { double v[2]; } dcx;    /* _Dcomplex, and _Lcomplex (long double == double) */

static double complex d_in(dcx z) { return __builtin_complex(z.v[0], z.v[1]); }
static float complex f_in(fcx z) { return __builtin_complex(z.v[0], z.v[1]); }
static dcx d_out(double complex z) { dcx r = {{creal(z), cimag(z)}}; return r; }
static fcx f_out(float complex z) { fcx r = {{crealf(z), cimagf(z)}}; return r; }

#define X __declspec(dllexport)
/* one complex → complex function in its three widths */
#define CX_UNARY(name) \
    X dcx stand_in_##name(dcx z) { return d_out(name(d_in(z))); } \
    X fcx stand_in_##name##f(fcx z) { return f_out(name##f(f_in(z))); } \
    X dcx stand_in_##name##l(dcx z) { return d_out(name(d_in(z))); }
/* one complex → real function in its three widths */
#define CX_REAL(name) \
    X double stand_in_##name(dcx z) { return name(d_in(z)); } \
    X float stand_in_##name##f(fcx z) { return name##f(f_in(z)); } \
    X double stand_in_##name##l(dcx z) { return name(d_in(z)); }

CX_UNARY(cacos) CX_UNARY(casin) CX_UNARY(catan) CX_UNARY(cacosh) CX_UNARY(casinh)
CX_UNARY(catanh) CX_UNARY(ccos) CX_UNARY(ccosh) CX_UNARY(cexp) CX_UNARY(clog) CX_UNARY(conj)
CX_UNARY(cproj) CX_UNARY(csin) CX_UNARY(csinh) CX_UNARY(csqrt) CX_UNARY(ctan) CX_UNARY(ctanh)
CX_REAL(cabs) CX_REAL(carg) CX_REAL(cimag)

/* creal itself works in Wine 8; its float and long double forms do not */
X float stand_in_crealf(fcx z) { return z.v[0]; }
X double stand_in_creall(dcx z) { return z.v[0]; }

static double complex log10_of(double complex z) { return clog(z) / log(10.0); }
X dcx stand_in_clog10(dcx z) { return d_out(log10_of(d_in(z))); }
X fcx stand_in_clog10f(fcx z) { return f_out((float complex)log10_of(f_in(z))); }
X dcx stand_in_clog10l(dcx z) { return d_out(log10_of(d_in(z))); }

X double stand_in_norm(dcx z) { return z.v[0] * z.v[0] + z.v[1] * z.v[1]; }
X float stand_in_normf(fcx z) { return z.v[0] * z.v[0] + z.v[1] * z.v[1]; }
X double stand_in_norml(dcx z) { return z.v[0] * z.v[0] + z.v[1] * z.v[1]; }

X dcx stand_in_cpow(dcx a, dcx b) { return d_out(cpow(d_in(a), d_in(b))); }
X fcx stand_in_cpowf(fcx a, fcx b) { return f_out(cpowf(f_in(a), f_in(b))); }
X dcx stand_in_cpowl(dcx a, dcx b) { return d_out(cpow(d_in(a), d_in(b))); }

/* the UCRT's helpers that build and multiply complex values (complex.h macros call them) */
X fcx stand_in__FCbuild(float re, float im) { fcx r = {{re, im}}; return r; }
X dcx stand_in__LCbuild(double re, double im) { dcx r = {{re, im}}; return r; }
X dcx stand_in__Cmulcc(dcx a, dcx b) { return d_out(d_in(a) * d_in(b)); }
X fcx stand_in__FCmulcc(fcx a, fcx b) { return f_out(f_in(a) * f_in(b)); }
X dcx stand_in__LCmulcc(dcx a, dcx b) { return d_out(d_in(a) * d_in(b)); }
X dcx stand_in__Cmulcr(dcx a, double b) { return d_out(d_in(a) * b); }
X fcx stand_in__FCmulcr(fcx a, float b) { return f_out(f_in(a) * b); }
X dcx stand_in__LCmulcr(dcx a, double b) { return d_out(d_in(a) * b); }
