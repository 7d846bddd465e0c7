# One header line that never ends: libcurl refuses it past its header cap.
assert "TLS_OK" in codes(t), codes(t)
assert codes(rev[0]) == ["REVOCATION_BAD_RESPONSE"], codes(rev[0])
assert rev[0]["http"]["size"] == 0, rev[0]["http"]
