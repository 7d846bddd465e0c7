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

namespace probe::lib::openssl {

template <auto FreeFn>
struct FreeWith {
  template <class T>
  void operator()(T* p) const noexcept {
    FreeFn(p);
  }
};

inline void free_x509_stack(STACK_OF(X509) * stack) noexcept { sk_X509_pop_free(stack, X509_free); }
inline void free_general_names(GENERAL_NAMES* names) noexcept { GENERAL_NAMES_free(names); }

using X509Ptr = std::unique_ptr<X509, FreeWith<&X509_free>>;
using X509StackPtr = std::unique_ptr<STACK_OF(X509), FreeWith<&free_x509_stack>>;
using X509StorePtr = std::unique_ptr<X509_STORE, FreeWith<&X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, FreeWith<&X509_STORE_CTX_free>>;
using X509CrlPtr = std::unique_ptr<X509_CRL, FreeWith<&X509_CRL_free>>;
using BioPtr = std::unique_ptr<BIO, FreeWith<&BIO_free_all>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, FreeWith<&EVP_PKEY_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, FreeWith<&PKCS7_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, FreeWith<&free_general_names>>;
using OcspRequestPtr = std::unique_ptr<OCSP_REQUEST, FreeWith<&OCSP_REQUEST_free>>;
using OcspResponsePtr = std::unique_ptr<OCSP_RESPONSE, FreeWith<&OCSP_RESPONSE_free>>;
using OcspBasicPtr = std::unique_ptr<OCSP_BASICRESP, FreeWith<&OCSP_BASICRESP_free>>;
using OcspCertIdPtr = std::unique_ptr<OCSP_CERTID, FreeWith<&OCSP_CERTID_free>>;
using SslCtxPtr = std::unique_ptr<SSL_CTX, FreeWith<&SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, FreeWith<&SSL_free>>;
using AsnIntegerPtr = std::unique_ptr<ASN1_INTEGER, FreeWith<&ASN1_INTEGER_free>>;
using AsnTimePtr = std::unique_ptr<ASN1_TIME, FreeWith<&ASN1_TIME_free>>;

// Up-references a borrowed certificate and returns an owner of the new reference.
X509Ptr up_ref(X509* borrowed) noexcept;

// Drains OpenSSL's thread-local error queue into "reason; reason" (empty when none).
std::string drain_errors();

// A memory BIO reading `bytes` (not copied: `bytes` must outlive the BIO).
BioPtr read_only_bio(const void* bytes, std::size_t size);

}  // namespace probe::lib::openssl
