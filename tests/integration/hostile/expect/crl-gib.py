# A 1 GiB CRL with its length: cut at the 10 MiB download cap.
assert codes(rev[0]) == ["REVOCATION_BAD_RESPONSE"], codes(rev[0])
assert rev[0]["http"]["truncated"] is True and rev[0]["http"]["size"] == 10 * 1024 * 1024, rev[0]["http"]
