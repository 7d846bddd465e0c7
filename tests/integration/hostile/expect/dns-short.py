# A 6-byte answer is no answer: the query times out.
assert codes(t) == ["DNS_TIMEOUT"], codes(t)
