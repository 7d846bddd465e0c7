# Content-Length 10 and 1 MB behind it: only the 10 announced bytes are read.
assert codes(rev[0]) == ["REVOCATION_BAD_RESPONSE"], codes(rev[0])
assert rev[0]["http"]["size"] == 10, rev[0]["http"]
