# A redirect to another port of the host, serving the real CRL: followed and verified.
assert codes(t) == ["TLS_OK", "REVOCATION_OK"], codes(t)
assert rev[0]["http"]["redirects"] == 1, rev[0]["http"]
