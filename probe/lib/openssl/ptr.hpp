// RAII owners for OpenSSL objects: each owned pointer is a unique_ptr with a stateless
// deleter, created on the line that allocates it (STYLE.md "RAII over the C libraries").
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pkcs7.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/narrow.hpp"
#include "lib/cptr.hpp"

namespace probe::lib::openssl {

inline void free_x509_stack(STACK_OF(X509) * stack) noexcept { sk_X509_pop_free(stack, X509_free); }
inline void free_general_names(GENERAL_NAMES* names) noexcept { GENERAL_NAMES_free(names); }

using X509Ptr = lib::CPtr<X509, &X509_free>;
using X509StackPtr = lib::CPtr<STACK_OF(X509), &free_x509_stack>;
using X509StorePtr = lib::CPtr<X509_STORE, &X509_STORE_free>;
using X509StoreCtxPtr = lib::CPtr<X509_STORE_CTX, &X509_STORE_CTX_free>;
using X509CrlPtr = lib::CPtr<X509_CRL, &X509_CRL_free>;
using BioPtr = lib::CPtr<BIO, &BIO_free_all>;
using EvpPkeyPtr = lib::CPtr<EVP_PKEY, &EVP_PKEY_free>;
using Pkcs7Ptr = lib::CPtr<PKCS7, &PKCS7_free>;
using GeneralNamesPtr = lib::CPtr<GENERAL_NAMES, &free_general_names>;
using OcspRequestPtr = lib::CPtr<OCSP_REQUEST, &OCSP_REQUEST_free>;
using OcspResponsePtr = lib::CPtr<OCSP_RESPONSE, &OCSP_RESPONSE_free>;
using OcspBasicPtr = lib::CPtr<OCSP_BASICRESP, &OCSP_BASICRESP_free>;
using OcspCertIdPtr = lib::CPtr<OCSP_CERTID, &OCSP_CERTID_free>;
using SslCtxPtr = lib::CPtr<SSL_CTX, &SSL_CTX_free>;
using SslPtr = lib::CPtr<SSL, &SSL_free>;
using AsnIntegerPtr = lib::CPtr<ASN1_INTEGER, &ASN1_INTEGER_free>;
using AsnTimePtr = lib::CPtr<ASN1_TIME, &ASN1_TIME_free>;

// Up-references a borrowed certificate and returns an owner of the new reference.
X509Ptr up_ref(X509* borrowed) noexcept;

inline void openssl_free(unsigned char* p) noexcept { OPENSSL_free(p); }
using OpenSslBytesPtr = lib::CPtr<unsigned char, &openssl_free>;

// The DER encoding of `object` by OpenSSL's i2d function `I2d` (empty when it cannot be
// encoded): the one place an i2d buffer is taken and freed.
template <auto I2d, class T>
std::string to_der(const T* object) {
  if (object == nullptr) return {};
  unsigned char* raw = nullptr;
  const int len = I2d(object, &raw);
  const OpenSslBytesPtr owned(raw);
  if (len <= 0 || raw == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(raw), static_cast<std::size_t>(len));
}

// The object that OpenSSL's d2i function `D2i` reads from `der`, or an empty owner; with
// `whole`, bytes left over after the object make it empty too.
template <class Ptr, auto D2i>
Ptr from_der(std::string_view der, bool whole = true) {
  const auto size = core::try_narrow<long>(der.size());
  if (!size) return Ptr{};
  const auto* begin = reinterpret_cast<const unsigned char*>(der.data());
  const auto* p = begin;
  Ptr object{D2i(nullptr, &p, *size)};
  if (object && whole && p != begin + der.size()) return Ptr{};
  return object;
}

// The DER encoding of `cert` (empty when it cannot be encoded).
std::string der_of(const X509* cert);
// The certificate whose DER is exactly `der`, or an empty owner. Parsed once per process: the
// same DER returns another reference to the same X509, which callers must only read.
X509Ptr x509_from_der(std::string_view der);
// The PEM text ("-----BEGIN CERTIFICATE-----...") of the certificate `der`; empty when `der`
// is not one certificate.
std::string pem_of(std::string_view der);

// The one name printer: RFC 2253 order and escaping, UTF-8 left as UTF-8, bounded to
// `max_bytes`. For display only: names are compared with names_equal, never as text.
std::string name_text(const X509_NAME* name, std::size_t max_bytes = 1024);
// X509_NAME_cmp: the same distinguished name (canonical encoding), whatever its spelling.
bool names_equal(const X509_NAME* a, const X509_NAME* b) noexcept;

// An ASN1_TIME as a system time (seconds); the epoch (SysTime{}) when null or unparseable.
core::SysTime to_sys_time(const ASN1_TIME* time) noexcept;

// Drains OpenSSL's thread-local error queue into "reason; reason" (empty when none).
std::string drain_errors();

// A memory BIO reading `bytes` (not copied: `bytes` must outlive the BIO).
BioPtr read_only_bio(const void* bytes, std::size_t size);

}  // namespace probe::lib::openssl
