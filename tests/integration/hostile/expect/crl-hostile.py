# The CRL and OCSP URLs answer 403 with escapes, markup and invalid UTF-8 in Server, Via and
# the body: blocked by a proxy, its Server header in evidence: in JSON as the text it is (JSON
# escapes, invalid UTF-8 as U+FFFD, bounded), in the text report with every control escaped.
assert [codes(u) for u in rev] == [["REVOCATION_BLOCKED_BY_PROXY"]] * 2, [codes(u) for u in rev]
assert all(u["http"]["status"] == 403 for u in rev)
server = rev[0]["http"]["server"]
assert server.startswith("\x1b[31;1mRED") and "\ufffd" in server and len(server) <= 256, server
assert "\\x1B]0;pwned\\x07" in text, "the text report does not show the escaped OSC sequence"
