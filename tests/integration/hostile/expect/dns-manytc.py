# manytc: more than c-ares reads over UDP, or TC set; the retry over TCP finds no listener.
assert codes(t) == ["DNS_TIMEOUT"], codes(t)
assert t["dns"]["addresses"] == [], t["dns"]
