# A redirect to itself: followed 3 times, then refused.
assert codes(rev[0]) == ["REVOCATION_BAD_RESPONSE"], codes(rev[0])
assert rev[0]["http"]["detail"] == "more than 3 redirects", rev[0]["http"]
