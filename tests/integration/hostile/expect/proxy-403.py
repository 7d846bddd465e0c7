# An explicit proxy answering CONNECT with the hostile 403 page.
assert "PROXY_CONNECT_DENIED" in codes(t), codes(t)
assert ev(t, "PROXY_CONNECT_DENIED", "status") == "403"
server = ev(t, "PROXY_CONNECT_DENIED", "server")
assert server and server.startswith("\x1b[31;1mRED") and "<script>" in server, server
assert "\\x1B]0;pwned\\x07" in text, "the text report does not escape the Server header"
