# Content-Length 100, 10 bytes, then the connection closes.
assert codes(rev[0]) == ["REVOCATION_BAD_RESPONSE"], codes(rev[0])
assert "90 bytes remaining" in rev[0]["http"]["detail"], rev[0]["http"]
