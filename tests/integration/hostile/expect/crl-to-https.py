# A redirect to https: is not followed (revocation is plain HTTP).
assert codes(rev[0]) == ["REVOCATION_BAD_RESPONSE"], codes(rev[0])
assert rev[0]["http"]["detail"].startswith("redirect refused: https://"), rev[0]["http"]
