# The caIssuers URL answers the hostile 403 page.
assert codes(t) == ["CERT_CHAIN_INCOMPLETE"], codes(t)
assert rev[0]["http"]["status"] == 403 and rev[0]["http"]["via"].startswith("1.1 \x1b[31"), rev[0]["http"]
assert "\\x1B[31;1mRED" in text, "the text report does not escape the Via header"
