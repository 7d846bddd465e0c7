# Leaf and issuer names with ANSI/OSC, <script>, quotes, newlines and invalid UTF-8; a CRL URL
# with control bytes is refused before any request.
assert "TLS_OK" in codes(t), codes(t)
assert codes(rev[0]) == ["REVOCATION_UNREACHABLE"], codes(rev[0])
subject = t["tls"]["chain"][0]["subject"]
assert "\x1b" not in subject and "\n" not in subject, subject
