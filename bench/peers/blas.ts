// Python that says which BLAS numpy and torch use: their build configuration (numpy.show_config,
// torch.__config__.show()) and, since a Debian build names only "blas", the libraries actually loaded
// (/proc/self/maps), with OpenBLAS's own config string when it is one. Defines blas_info() -> dict.
export const BLAS_PY = String.raw`
import contextlib, ctypes, io, os, re
def _loaded():
    try:
        with open("/proc/self/maps") as f:
            return sorted({l.split()[-1] for l in f if re.search(r"blas|lapack|mkl|blis", l.split()[-1] if len(l.split()) > 5 else "")})
    except OSError:
        return []
def _kind(libs, config):
    # the libblas.so.3 that was loaded decides (Debian's alternatives: openblas-pthread/, blis-*/ or blas/, the
    # reference); a wheel's own OpenBLAS or MKL loads no libblas.so
    if any("mkl" in l for l in libs) or "mkl" in config.lower():
        return "MKL"
    blas = [l for l in libs if os.path.basename(l).startswith("libblas.so")]
    if blas:
        return "OpenBLAS" if all("openblas" in l for l in blas) else "BLIS" if any("blis" in l for l in blas) else "reference BLAS"
    if any("openblas" in l for l in libs) or "openblas" in config.lower():
        return "OpenBLAS"
    return "BLIS" if any("blis" in l for l in libs) else "unknown"
def _openblas(libs):
    for l in libs:
        if "openblas" in l and "libopenblas" in l:
            try:
                lib = ctypes.CDLL(l); lib.openblas_get_config.restype = ctypes.c_char_p
                lib.openblas_get_corename.restype = ctypes.c_char_p
                return lib.openblas_get_config().decode() + ", core " + lib.openblas_get_corename().decode()
            except (OSError, AttributeError):
                return None
    return None
def blas_info():
    import numpy as np
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        np.show_config()
    text = buf.getvalue()
    m = re.search(r"blas_opt_info:\n(?:\s+\w+ = .*\n)*?\s+libraries = (\[.*?\])", text) or re.search(r"blas:\n\s+name: (\S+)", text)
    np_config = m.group(1) if m else "?"
    np_libs = _loaded()
    import torch
    tconf = torch.__config__.show()
    m = re.search(r"BLAS_INFO=([^,\s]+)", tconf)
    t_config = m.group(1) if m else "?"
    t_libs = _loaded()
    return {"numpy": {"version": np.__version__, "config": np_config, "loaded": np_libs, "kind": _kind(np_libs, np_config)},
            "torch": {"version": torch.__version__, "config": t_config, "loaded": t_libs, "kind": _kind(t_libs, t_config)},
            "openblas": _openblas(t_libs), "threads": torch.get_num_threads()}
`;
