// A private CA and server certificates, with OpenSSL.
#include "central/tls_certs.h"

#include <arpa/inet.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <memory>

namespace ow::central {

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

bool addExt(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext) return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

// A certificate for `key`, named `cn`, issued by (issuer, issuerKey) or self-signed when issuer is null.
Cert makeCert(EVP_PKEY* key, const std::string& cn, X509* issuer, EVP_PKEY* issuerKey, int days,
              const std::vector<std::pair<int, std::string>>& extensions) {
    Cert cert(X509_new());
    X509_set_version(cert.get(), 2);
    std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>> serial(BN_new());
    BN_rand(serial.get(), 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
    BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days) * 86400);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("OneWindow"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    X509* signer = issuer ? issuer : cert.get();
    for (const auto& [nid, value] : extensions)
        if (!addExt(cert.get(), signer, nid, value)) return nullptr;
    if (X509_sign(cert.get(), issuerKey ? issuerKey : key, EVP_sha256()) == 0) return nullptr;
    return cert;
}

core::Status writePem(const std::string& path, X509* cert, EVP_PKEY* key) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) return core::Error{"cannot write " + path};
    if (key) fchmod(fileno(f), 0600);  // private keys are for the owner only
    const bool ok = cert ? PEM_write_X509(f, cert) == 1 : PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    if (std::fclose(f) != 0 || !ok) return core::Error{"cannot write " + path};
    return core::okStatus();
}

}  // namespace

core::Status createCa(const std::string& dir, const std::string& name, int days) {
    mkdir(dir.c_str(), 0700);
    Key key(EVP_EC_gen("P-256"));
    if (!key) return core::Error{"cannot make a key"};
    Cert ca = makeCert(key.get(), name, nullptr, nullptr, days,
                       {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                        {NID_key_usage, "critical,keyCertSign,cRLSign"},
                        {NID_subject_key_identifier, "hash"}});
    if (!ca) return core::Error{"cannot make the CA certificate"};
    if (auto st = writePem(dir + "/ca.key", nullptr, key.get()); !st) return st;
    return writePem(dir + "/ca.pem", ca.get(), nullptr);
}

core::Status createServerCert(const std::string& caDir, const std::vector<std::string>& hosts, const std::string& outDir,
                              int days) {
    if (hosts.empty()) return core::Error{"name at least one host name or address"};
    const std::string caPem = caDir + "/ca.pem", caKeyPath = caDir + "/ca.key";
    std::FILE* f = std::fopen(caPem.c_str(), "r");
    Cert ca(f ? PEM_read_X509(f, nullptr, nullptr, nullptr) : nullptr);
    if (f) std::fclose(f);
    f = std::fopen(caKeyPath.c_str(), "r");
    Key caKey(f ? PEM_read_PrivateKey(f, nullptr, nullptr, nullptr) : nullptr);
    if (f) std::fclose(f);
    if (!ca || !caKey) return core::Error{"no CA in " + caDir + " (make one with kioskctl ca create)"};
    std::string san;
    for (const auto& h : hosts) {
        unsigned char buf[16];
        const bool ip = inet_pton(AF_INET, h.c_str(), buf) == 1 || inet_pton(AF_INET6, h.c_str(), buf) == 1;
        if (!san.empty()) san += ',';
        san += ip ? "IP:" : "DNS:";
        san += h;
    }
    mkdir(outDir.c_str(), 0700);
    Key key(EVP_EC_gen("P-256"));
    Cert cert = makeCert(key.get(), hosts.front(), ca.get(), caKey.get(), days,
                         {{NID_basic_constraints, "critical,CA:FALSE"},
                          {NID_key_usage, "critical,digitalSignature"},
                          {NID_ext_key_usage, "serverAuth"},
                          {NID_subject_alt_name, san},
                          {NID_authority_key_identifier, "keyid:always"}});
    if (!cert) return core::Error{"cannot make the server certificate"};
    if (auto st = writePem(outDir + "/server.key", nullptr, key.get()); !st) return st;
    return writePem(outDir + "/server.pem", cert.get(), nullptr);
}

}  // namespace ow::central
