# A leaf-only chain whose caIssuers URL streams 1 GiB: cut at the cap, the chain stays incomplete.
assert codes(t) == ["CERT_CHAIN_INCOMPLETE"], codes(t)
assert rev[0]["kind"] == "ca_issuers" and rev[0]["http"]["truncated"] is True, rev[0]
