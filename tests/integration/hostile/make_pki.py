#!/usr/bin/env python3
"""The hostile-server test PKI (issue 14): make_pki.py OUT_DIR HOSTILE_HTTP_PORT CRL_HTTP_PORT.

Writes OUT_DIR/root.pem (the pinned root) and, per served name, NAME.key and NAME-chain.pem
(what nginx presents): leaves whose CRL, OCSP and caIssuers URLs point at the fault server's
http-hostile paths; a 100-certificate chain; a leaf with a 64 KiB subject; 10,000 SANs; and
leaf and issuer names carrying ANSI/OSC escapes, <script>, quotes, newlines and invalid
UTF-8. Invalid UTF-8 cannot be written through the library, so ASCII placeholders are swapped
for the raw bytes in the to-be-signed part, which is then signed again. Also OUT_DIR/crl/
issuing.crl, a valid empty CRL of the issuing CA (the target of the other-port redirect).
"""
import datetime
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

out, http_port, crl_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
now = datetime.datetime.now(datetime.timezone.utc)
H = f"http://127.0.0.1:{http_port}"

# What a terminal, a page or a JSON reader must not get raw (valid UTF-8: name text).
HOSTILE = ('\x1b[31;1mRED\x1b[0m \x1b]0;pwned\x07 \x1b]8;;http://evil.test/\x1b\\link'
           '\x1b]8;;\x1b\\ <script>alert("x")</script> \'sq\' "dq" &amp;\nline2\r\x7f end')
# Placeholders swapped for invalid UTF-8 after the certificate is built (same lengths).
# OpenSSL refuses a UTF8String that is not UTF-8, so the raw bytes go where it does not look:
# a T61String and a PrintableString of the subject, a SAN and the CRL URL (IA5Strings).
INVALID = {b"QZQZQZQZ": b"\xff\xfe\xc3\x28\xc0\x80\xed\xa0", b"XQXQ": b"\x80\xbf\xf8\x88",
           b"WVWV": b"\xff\xc3\x28\x80", b"KJKJ": b"\xfe\xff\xc3\x28"}


def key():
    return ec.generate_private_key(ec.SECP256R1())


def name(*attrs):
    return x509.Name([x509.NameAttribute(oid, value, **kw) for oid, value, *rest in attrs
                      for kw in [rest[0] if rest else {}]])


def cert(subject, subject_key, issuer, issuer_key, ca=False, sans=(), cdp=None, ocsp=None,
         ca_issuers=None, patch=False):
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
         .public_key(subject_key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(now - datetime.timedelta(days=1))
         .not_valid_after(now + datetime.timedelta(days=30)))
    b = b.add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    if ca:
        b = b.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                          False), critical=True)
    else:
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
    if sans:
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(s) for s in sans]), False)
    if cdp:
        b = b.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier(cdp)], None, None, None)]), False)
    aia = []
    if ocsp:
        aia.append(x509.AccessDescription(AuthorityInformationAccessOID.OCSP,
                                          x509.UniformResourceIdentifier(ocsp)))
    if ca_issuers:
        aia.append(x509.AccessDescription(AuthorityInformationAccessOID.CA_ISSUERS,
                                          x509.UniformResourceIdentifier(ca_issuers)))
    if aia:
        b = b.add_extension(x509.AuthorityInformationAccess(aia), False)
    c = b.sign(issuer_key, hashes.SHA256())
    if not patch:
        return c.public_bytes(serialization.Encoding.PEM)
    tbs = c.tbs_certificate_bytes
    for placeholder, raw in INVALID.items():
        assert placeholder in tbs, placeholder
        tbs = tbs.replace(placeholder, raw)
    sig = issuer_key.sign(tbs, ec.ECDSA(hashes.SHA256()))
    alg = bytes.fromhex("300a06082a8648ce3d040302")  # ecdsa-with-SHA256
    der = seq(tbs + alg + tlv(0x03, b"\x00" + sig))
    return pem(der)


def tlv(tag, body):
    n = len(body)
    if n < 0x80:
        return bytes([tag, n]) + body
    size = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + body


def seq(body):
    return tlv(0x30, body)


def pem(der):
    import base64
    b64 = base64.encodebytes(der).decode().replace("\n", "")
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return ("-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) +
            "\n-----END CERTIFICATE-----\n").encode()


def write_key(path, k):
    with open(path, "wb") as f:
        f.write(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()))


def serve(served, k, chain):
    write_key(os.path.join(out, served + ".key"), k)
    with open(os.path.join(out, served + "-chain.pem"), "wb") as f:
        f.write(b"".join(chain))


def cn(text):
    return (NameOID.COMMON_NAME, text)


root_key, issuing_key = key(), key()
root_name = name((NameOID.ORGANIZATION_NAME, "pinprobe tests"), cn("Pinprobe Hostile Root"))
root = cert(root_name, root_key, root_name, root_key, ca=True)
with open(os.path.join(out, "root.pem"), "wb") as f:
    f.write(root)
issuing_name = name((NameOID.ORGANIZATION_NAME, "pinprobe tests"), cn("Pinprobe Hostile Issuing"))
issuing = cert(issuing_name, issuing_key, root_name, root_key, ca=True)
with open(os.path.join(out, "issuing.pem"), "wb") as f:  # what the caIssuers URLs would serve
    f.write(issuing)


def leaf(served, host, **kw):
    k = key()
    c = cert(name(cn(host)), k, issuing_name, issuing_key, sans=[host], **kw)
    serve(served, k, [c] if kw.get("ca_issuers") else [c, issuing])


# CRL distribution points at each http-hostile path (the 403 one also as OCSP responder).
for path in ["endless-headers", "endless-line", "short-body", "long-body", "gib", "gib-close",
             "loop", "to-https", "to-file", f"to-port/{crl_port}/issuing", "hostile"]:
    case = "crl-" + path.split("/")[0]
    leaf(case, f"{case}.hostile.test", cdp=f"{H}/{path}.crl",
         ocsp=f"{H}/hostile" if path == "hostile" else None)
# Leaf-only chains whose caIssuers URL is hostile.
for path in ["gib", "hostile", "endless-headers"]:
    case = "aia-" + path
    leaf(case, f"{case}.hostile.test", ca_issuers=f"{H}/{path}.crt")
# The wildcard the DNS cases reach (nginx's default server) and the plain proxy target.
leaf("dns", "*.dns.hostile.test")

# A 100-certificate chain: the leaf and 99 intermediates under the root.
parent_name, parent_key, chain = root_name, root_key, []
for i in range(99):
    k = key()
    n = name((NameOID.ORGANIZATION_NAME, "pinprobe tests"), cn(f"Pinprobe Hostile Chain {i}"))
    chain.insert(0, cert(n, k, parent_name, parent_key, ca=True))
    parent_name, parent_key = n, k
k = key()
chain.insert(0, cert(name(cn("chain100.hostile.test")), k, parent_name, parent_key,
                     sans=["chain100.hostile.test"]))
serve("chain100", k, chain)

# A 64 KiB subject: 1,100 organizational units of 60 characters.
k = key()
big = name(*[(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{i:05d}" + "u" * 55) for i in range(1100)],
           cn("subject64k.hostile.test"))
assert len(big.public_bytes()) >= 65536, len(big.public_bytes())
serve("subject64k", k, [cert(big, k, issuing_name, issuing_key,
                             sans=["subject64k.hostile.test"]), issuing])

# 10,000 SANs.
k = key()
serve("sans10k", k, [cert(name(cn("sans10k.hostile.test")), k, issuing_name, issuing_key,
                          sans=["sans10k.hostile.test"] +
                          [f"n{i}.sans10k.hostile.test" for i in range(9999)]), issuing])

# Hostile names: an issuing CA whose subject holds the hostile text, and under it a leaf whose
# subject holds it too plus invalid UTF-8 in a T61String and a PrintableString, with hostile
# ASCII and invalid UTF-8 in a SAN and in its CRL URL.
bad_ca_key = key()
bad_ca_name = name((NameOID.ORGANIZATION_NAME, "pinprobe tests " + HOSTILE),
                   (NameOID.ORGANIZATIONAL_UNIT_NAME, "<script>alert(1)</script>"),
                   cn("Hostile Issuer \x1b]0;issuer\x07 \"q\" 'q' \n"))
bad_ca = cert(bad_ca_name, bad_ca_key, root_name, root_key, ca=True)
k = key()
bad_leaf_name = name((NameOID.ORGANIZATION_NAME, HOSTILE),
                     (NameOID.LOCALITY_NAME, "t61 QZQZQZQZ end", {"_type": _ASN1Type.T61String}),
                     (NameOID.STATE_OR_PROVINCE_NAME, "printable XQXQ end",
                      {"_type": _ASN1Type.PrintableString}),
                     cn("names.hostile.test"))
bad_leaf = cert(bad_leaf_name, k, bad_ca_name, bad_ca_key, patch=True,
                sans=["names.hostile.test", "<script>.\x1b[31m.hostile.test", "WVWV.hostile.test"],
                cdp=f"{H}/hostile/\x1b]0;cdp\x07<script>\"'KJKJ.crl")
serve("names", k, [bad_leaf, bad_ca])

# A valid, empty CRL of the issuing CA, for the redirect to another port.
os.makedirs(os.path.join(out, "crl"), exist_ok=True)
crl = (x509.CertificateRevocationListBuilder().issuer_name(issuing_name).last_update(now)
       .next_update(now + datetime.timedelta(days=7)).sign(issuing_key, hashes.SHA256()))
with open(os.path.join(out, "crl", "issuing.crl"), "wb") as f:
    f.write(crl.public_bytes(serialization.Encoding.DER))
