# A ServerHello dripped a byte a second: the handshake times out.
assert codes(t) == ["TLS_HANDSHAKE_FAILED"], codes(t)
