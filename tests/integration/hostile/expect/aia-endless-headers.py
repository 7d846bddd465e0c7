# The caIssuers URL sends headers forever: the step timeout ends it.
assert codes(t) == ["CERT_CHAIN_INCOMPLETE"], codes(t)
assert rev[0]["http"]["tcp"] == "timeout", rev[0]["http"]
