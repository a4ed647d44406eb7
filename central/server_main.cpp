// kiosk-central: the HTTPS JSON service the terminals sync to.
#include <httplib.h>

#include <cstdio>
#include <string>

#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>

#include "central/api.h"
#include "kiosk/protocol/signing.h"

namespace {

const char* kUsage = "usage: kiosk-central --listen HOST:PORT --db sqlite:PATH\n";

}  // namespace

int main(int argc, char** argv) {
    std::string listen, db;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--listen") listen = argv[i + 1];
        else if (a == "--db") db = argv[i + 1];
        else return std::fputs(kUsage, stderr), 2;
    }
    const auto colon = listen.rfind(':');
    if (listen.empty() || colon == std::string::npos || db.rfind("sqlite:", 0) != 0) return std::fputs(kUsage, stderr), 2;
    auto store = ow::central::openSqliteStore(db.substr(7));
    if (!store) return std::fprintf(stderr, "kiosk-central: %s\n", store.error().c_str()), 2;

    httplib::Server server;
    server.set_payload_max_length(ow::central::kMaxBodyBytes);
    server.set_read_timeout(10, 0);
    server.set_write_timeout(10, 0);
    auto send = [](httplib::Response& res, const ow::central::Reply& reply) {
        res.status = reply.status;
        res.set_content(reply.body, "application/json");
    };
    // Every error, including those httplib produces itself (413, 404), answers in the same JSON form.
    server.set_error_handler([&](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;
        const char* code = res.status == 413 ? "too_large" : res.status == 404 ? "not_found" : "bad_request";
        send(res, ow::central::errorReply(res.status, code, res.status == 413 ? "the request is over 1 MiB" : "no such endpoint or method"));
    });
    std::mutex storeMutex;  // one writer at a time on the SQLite store
    server.Post("/v1/enroll", [&](const httplib::Request& req, httplib::Response& res) {
        const auto doc = nlohmann::json::parse(req.body, nullptr, false);
        if (!doc.is_object() || !doc.contains("token") || !doc["token"].is_string())
            return send(res, ow::central::errorReply(400, "bad_request", "expected {\"token\": \"…\"}"));
        std::lock_guard lock(storeMutex);
        auto r = (*store)->enroll(doc["token"].get<std::string>());
        if (!r) return send(res, ow::central::errorReply(401, "bad_token", r.error()));
        send(res, {200, nlohmann::json{{"kiosk_id", r->first}, {"secret", r->second}}.dump()});
    });
    // Every terminal request is signed (kiosk/protocol/signing.h) and its nonce used once; "" = the terminal.
    auto authenticate = [&](const httplib::Request& req, httplib::Response& res, const char* path) -> std::string {
        const ow::protocol::Signature sig{req.get_header_value("X-OW-Kiosk"), req.get_header_value("X-OW-Timestamp"),
                                          req.get_header_value("X-OW-Nonce"), req.get_header_value("X-OW-Signature")};
        const auto secret = sig.kioskId.empty() ? std::nullopt : (*store)->kioskSecret(sig.kioskId);
        std::string why = secret ? ow::protocol::verify(sig, *secret, "POST", path, req.body, std::time(nullptr))
                                 : "unknown or revoked terminal";
        if (why.empty() && !(*store)->rememberNonce(sig.kioskId, sig.nonce, std::atoll(sig.timestamp.c_str())))
            why = "the request was replayed";
        if (!why.empty()) {
            send(res, ow::central::errorReply(401, "unauthenticated", why));
            return "";
        }
        return sig.kioskId;
    };
    server.Post("/v1/events", [&](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(storeMutex);
        const std::string kiosk = authenticate(req, res, "/v1/events");
        if (!kiosk.empty()) send(res, ow::central::handleEvents(**store, kiosk, req.body));
    });
    server.Post("/v1/heartbeat", [&](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(storeMutex);
        const std::string kiosk = authenticate(req, res, "/v1/heartbeat");
        if (!kiosk.empty()) send(res, ow::central::handleHeartbeat(**store, kiosk, req.body, std::time(nullptr)));
    });
    const std::string host = listen.substr(0, colon);
    const int port = std::atoi(listen.c_str() + colon + 1);
    std::printf("kiosk-central listening on %s:%d\n", host.c_str(), port);
    std::fflush(stdout);
    if (!server.listen(host.c_str(), port)) return std::fprintf(stderr, "kiosk-central: cannot listen on %s\n", listen.c_str()), 2;
    return 0;
}
