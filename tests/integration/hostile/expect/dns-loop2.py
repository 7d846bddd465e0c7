# loop2: a malformed answer is refused as such.
assert codes(t) == ["DNS_SERVFAIL"], codes(t)
assert "Misformatted" in t["dns"]["detail"], t["dns"]
