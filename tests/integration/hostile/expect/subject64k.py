# A 64 KiB subject (1,100 OUs): judged as usual, the subject bounded in the report.
assert "TLS_OK" in codes(t), codes(t)
assert len(t["tls"]["chain"][0]["subject"]) <= 70000, len(t["tls"]["chain"][0]["subject"])
