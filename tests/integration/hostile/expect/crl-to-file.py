# A redirect to file:///etc/passwd is not followed, and nothing of the file is read.
assert codes(rev[0]) == ["REVOCATION_BAD_RESPONSE"], codes(rev[0])
assert rev[0]["http"]["detail"].startswith("redirect refused: file:///etc/passwd"), rev[0]["http"]
assert "root:" not in open(f"{work}/report.json").read()
