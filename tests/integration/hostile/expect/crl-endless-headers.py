# A header line every 10 ms forever: the step timeout ends the fetch.
assert "TLS_OK" in codes(t), codes(t)
assert codes(rev[0]) == ["REVOCATION_UNREACHABLE"], codes(rev[0])
assert rev[0]["http"]["tcp"] == "timeout", rev[0]["http"]
