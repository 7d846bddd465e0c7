# 100 certificates: at most 32 are kept, and a cut chain is not judged (it would look
# re-signed): TLS_PROBE_LIMIT names the bound, never TLS_INTERCEPTED.
assert t["verdict"] == "fail", t["verdict"]
assert "TLS_OK" not in codes(t), codes(t)
assert "TLS_INTERCEPTED" not in codes(t), codes(t)
assert "TLS_PROBE_LIMIT" in codes(t), codes(t)
