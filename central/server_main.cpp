// kiosk-central: the JSON service the terminals sync to, over HTTP or HTTPS.
#include <httplib.h>
#include <sodium.h>

#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <string>

#include "central/api.h"
#include "central/hall_web.h"
#include "central/notification_sender.h"
#include "central/http_server.h"
#include "kiosk/bundle_signing.h"
#include "kiosk/config_boot.h"
#include "kiosk/protocol/signing.h"

namespace {

const char* kUsage =
    "usage: kiosk-central --listen HOST:PORT [--db sqlite:PATH | --db postgresql://…]\n"
    "                     [--tls-cert CERT.pem --tls-key KEY.pem] [--threads N] [--db-connections N]\n"
    "                     [--receipt-keys KEYS.json] [--secrets-key FILE] [--notify-url URL --notify-secret FILE]\n"
    "                     [--web DIR]\n"
    "  --secrets-key FILE   the key terminal secrets are sealed with in the database (made on the first start,\n"
    "                       mode 0600; default central-secrets.key). Keep it apart from the database's backups,\n"
    "                       and keep it: without it every terminal must enrol again\n"
    "  --receipt-keys FILE  public keys of the issuers of receipt codes ({\"key-id\": \"base64\"}), so a\n"
    "                       scanned receipt finds its case\n"
    "  --notify-url URL     the hall's SMS gateway: appointment notices are posted there, signed with the secret\n"
    "                       in --notify-secret FILE (HMAC-SHA256 of the body); without it they are kept\n"
    "                       (kioskctl notifications) and sent once one is given\n"
    "  --web DIR            the hall's pages (/hall/: the window's caller, the display, statistics); default: the\n"
    "                       installed ones\n"
    "  --threads N          HTTP worker threads, one per open connection (default 128)\n"
    "  --db-connections N   PostgreSQL connections at most (default 8: more server processes than cores\n"
    "                       only take turns; give each kiosk-central process its share)\n";

using ow::central::Reply;

void send(httplib::Response& res, const Reply& reply) {
    res.status = reply.status;
    if (!reply.body.empty()) res.set_content(reply.body, "application/json");
}

}  // namespace

int main(int argc, char** argv) {
    std::string listen, db = "sqlite:central.db", cert, key, receiptKeysPath, secretsKeyPath = "central-secrets.key";
    std::string notifyUrl, notifySecretPath, webRoot = ow::central::defaultHallWebRoot();
    int threads = 128, connections = 8;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) return std::fputs(kUsage, stderr), 2;
        const std::string v = argv[++i];
        if (a == "--listen") listen = v;
        else if (a == "--db") db = v;
        else if (a == "--tls-cert") cert = v;
        else if (a == "--tls-key") key = v;
        else if (a == "--receipt-keys") receiptKeysPath = v;
        else if (a == "--secrets-key") secretsKeyPath = v;
        else if (a == "--notify-url") notifyUrl = v;
        else if (a == "--notify-secret") notifySecretPath = v;
        else if (a == "--web") webRoot = v;
        else if (a == "--threads") threads = std::max(2, std::atoi(v.c_str()));
        else if (a == "--db-connections") connections = std::max(1, std::atoi(v.c_str()));
        else return std::fputs(kUsage, stderr), 2;
    }
    if (sodium_init() < 0) return std::fputs("kiosk-central: libsodium cannot start\n", stderr), 2;
    const auto colon = listen.rfind(':');
    if (listen.empty() || colon == std::string::npos || cert.empty() != key.empty()) return std::fputs(kUsage, stderr), 2;
    ow::core::TrustedKeys receiptKeys;
    if (!receiptKeysPath.empty()) {
        auto text = ow::core::readFile(receiptKeysPath);
        auto keys = text ? ow::core::parseTrustedKeys(*text) : ow::core::Result<ow::core::TrustedKeys>(ow::core::Error{text.error()});
        if (!keys) return std::fprintf(stderr, "kiosk-central: %s: %s\n", receiptKeysPath.c_str(), keys.error().c_str()), 2;
        receiptKeys = *keys;
    }
    auto secretsKey = ow::central::loadOrCreateSecretsKey(secretsKeyPath);
    if (!secretsKey) return std::fprintf(stderr, "kiosk-central: %s\n", secretsKey.error().c_str()), 2;
    auto opened = ow::central::openStore(db, connections, &*secretsKey);
    sodium_memzero(secretsKey->data(), secretsKey->size());
    if (!opened) return std::fprintf(stderr, "kiosk-central: %s (--secrets-key %s)\n", opened.error().c_str(), secretsKeyPath.c_str()), 2;
    ow::central::Store& store = **opened;
    std::unique_ptr<ow::central::NotificationSender> sender;
    if (!notifyUrl.empty()) {
        auto secret = ow::core::readFile(notifySecretPath);
        if (notifySecretPath.empty() || !secret || secret->empty())
            return std::fprintf(stderr, "kiosk-central: --notify-url needs --notify-secret FILE holding the gateway's secret\n"), 2;
        while (!secret->empty() && (secret->back() == '\n' || secret->back() == ' ')) secret->pop_back();
        sender = std::make_unique<ow::central::NotificationSender>(store.appointments(), ow::central::Gateway{notifyUrl, *secret});
        sender->start();
    }

    std::unique_ptr<httplib::Server> server;
    if (cert.empty()) {
        server = std::make_unique<httplib::Server>();
    } else {
        auto tls = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
        if (!tls->is_valid())
            return std::fprintf(stderr, "kiosk-central: cannot use the certificate %s with key %s\n", cert.c_str(), key.c_str()), 2;
        server = std::move(tls);
    }
    ow::central::tuneServer(*server, static_cast<size_t>(threads));
    server->set_payload_max_length(ow::central::kMaxAdminBodyBytes);
    server->set_read_timeout(10, 0);
    server->set_write_timeout(10, 0);
    // Every error, including those httplib produces itself (413, 404), answers in the same JSON form.
    server->set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty() || res.status == 204) return;
        const char* code = res.status == 413 ? "too_large" : res.status == 404 ? "not_found" : "bad_request";
        send(res, ow::central::errorReply(res.status, code,
                                          res.status == 413 ? "the request is too large" : "no such endpoint or method"));
    });
    server->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send(res, ow::central::errorReply(500, "internal", "central failed on this request; try again"));
    });
    server->Post("/v1/enroll", [&](const httplib::Request& req, httplib::Response& res) {
        send(res, ow::central::handleEnroll(store, req.body));
    });
    // Every terminal request is signed (kiosk/protocol/signing.h); its nonce is recorded in the same transaction
    // as the request's effects, so a replay changes nothing. An empty id = refused (the reply is set).
    struct Caller {
        std::string kioskId;
        ow::central::Nonce nonce;
    };
    auto authenticate = [&](const httplib::Request& req, httplib::Response& res) -> Caller {
        const ow::protocol::Signature sig{req.get_header_value("X-OW-Kiosk"), req.get_header_value("X-OW-Timestamp"),
                                          req.get_header_value("X-OW-Nonce"), req.get_header_value("X-OW-Signature")};
        ow::core::Result<std::optional<std::string>> secret = std::optional<std::string>();
        if (!sig.kioskId.empty() && sig.kioskId.size() <= 64) secret = store.kioskSecret(sig.kioskId);
        if (!secret) {  // the store is down: say so, so the terminal retries rather than doubting its enrolment
            send(res, ow::central::errorReply(503, "store_unavailable", "central cannot check the request now; send it again"));
            return {};
        }
        const std::string why = *secret ? ow::protocol::verify(sig, **secret, req.method, req.path, req.body, std::time(nullptr))
                                        : "unknown or revoked terminal";
        if (!why.empty()) {
            send(res, ow::central::errorReply(401, "unauthenticated", why));
            return {};
        }
        return {sig.kioskId, {sig.nonce, std::atoll(sig.timestamp.c_str())}};
    };
    server->Post("/v1/events", [&](const httplib::Request& req, httplib::Response& res) {
        if (const auto caller = authenticate(req, res); !caller.kioskId.empty())
            send(res, ow::central::handleEvents(store, caller.kioskId, req.body, &caller.nonce));
    });
    server->Post("/v1/heartbeat", [&](const httplib::Request& req, httplib::Response& res) {
        if (const auto caller = authenticate(req, res); !caller.kioskId.empty())
            send(res, ow::central::handleHeartbeat(store, caller.kioskId, req.body, std::time(nullptr), &caller.nonce));
    });
    // A signed terminal request whose nonce is recorded before it is answered: answer(kiosk id, body).
    const auto signedPost = [&](const char* path, std::function<ow::central::Reply(const std::string&, const std::string&)> answer) {
        server->Post(path, [&, answer = std::move(answer)](const httplib::Request& req, httplib::Response& res) {
            const auto caller = authenticate(req, res);
            if (caller.kioskId.empty()) return;
            if (auto st = store.rememberNonce(caller.kioskId, caller.nonce.value, caller.nonce.timestamp); !st)
                return send(res, ow::central::storeFailure(st.error(), "the request could not be recorded"));
            send(res, answer(caller.kioskId, req.body));
        });
    };
    signedPost("/v1/bundle", [&](const std::string& kiosk, const std::string& body) { return ow::central::handleBundle(store, kiosk, body); });
    signedPost("/v1/cases/query",
               [&](const std::string&, const std::string& body) { return ow::central::handleCaseQuery(store, body, receiptKeys); });
    // Appointments and numbers: signed like every terminal request; a booking's or a number's own key makes a retry
    // act once.
    using Handler = ow::central::Reply (*)(ow::central::Store&, std::string_view, std::string_view, int64_t);
    for (const auto& [path, handler] : {std::pair<const char*, Handler>{"/v1/appointments/days", ow::central::handleAppointmentDays},
                                        {"/v1/appointments/slots", ow::central::handleAppointmentSlots},
                                        {"/v1/appointments/book", ow::central::handleBook},
                                        {"/v1/appointments/move", ow::central::handleMoveAppointment},
                                        {"/v1/appointments/cancel", ow::central::handleCancelAppointment},
                                        {"/v1/queue/take", ow::central::handleTakeNumber},
                                        {"/v1/queue/checkin", ow::central::handleCheckIn},
                                        {"/v1/help/raise", ow::central::handleRaiseHelp},
                                        {"/v1/help/status", ow::central::handleHelpStatus},
                                        {"/v1/help/cancel", ow::central::handleCancelHelp},
                                        {"/v1/reports/file", ow::central::handleFileReport},
                                        {"/v1/ratings/rate", ow::central::handleRate}})
        signedPost(path, [&, handler = handler](const std::string& kiosk, const std::string& body) {
            return handler(store, kiosk, body, std::time(nullptr));
        });
    signedPost("/v1/appointments/mine", [&](const std::string&, const std::string& body) {
        return ow::central::handleMyAppointments(store, body, std::time(nullptr));
    });
    signedPost("/v1/reports/mine", [&](const std::string&, const std::string& body) {
        return ow::central::handleMyReports(store, body, std::time(nullptr));
    });
    for (const char* op : {"ready", "find", "document", "done", "post"})
        signedPost((std::string("/v1/collect/") + op).c_str(), [&, op](const std::string& kiosk, const std::string& body) {
            return ow::central::handleCollect(store, kiosk, op, body, receiptKeys, std::time(nullptr));
        });
    signedPost("/v1/ratings/mine", [&](const std::string&, const std::string& body) {
        return ow::central::handleRateable(store, body);
    });
    signedPost("/v1/reports/status", [&](const std::string&, const std::string& body) {
        return ow::central::handleReportStatus(store, body, std::time(nullptr));
    });
    signedPost("/v1/queue/status", [&](const std::string&, const std::string& body) {
        return ow::central::handleTicketStatus(store, body, std::time(nullptr));
    });
    // Admin endpoints: "Authorization: Bearer <token from kioskctl admin-token>".
    auto admin = [&](const httplib::Request& req, httplib::Response& res) {
        const std::string h = req.get_header_value("Authorization");
        if (h.rfind("Bearer ", 0) == 0 && h.size() <= 200 && store.adminName(h.substr(7))) return true;
        send(res, ow::central::errorReply(401, "unauthenticated", "an admin token is needed (kioskctl admin-token)"));
        return false;
    };
    server->Post("/v1/admin/bundles", [&](const httplib::Request& req, httplib::Response& res) {
        if (admin(req, res)) send(res, ow::central::handlePublish(store, req.body, std::time(nullptr)));
    });
    server->Get("/v1/admin/fleet", [&](const httplib::Request& req, httplib::Response& res) {
        if (admin(req, res)) send(res, ow::central::handleFleet(store, std::time(nullptr)));
    });
    server->Get("/v1/admin/quarantine", [&](const httplib::Request& req, httplib::Response& res) {
        if (admin(req, res)) send(res, ow::central::handleQuarantine(store, req.get_param_value("kiosk")));
    });
    server->Post("/v1/admin/cases", [&](const httplib::Request& req, httplib::Response& res) {
        if (admin(req, res)) send(res, ow::central::handleCreateCase(store, req.body, std::time(nullptr)));
    });
    server->Post("/v1/admin/cases/attach", [&](const httplib::Request& req, httplib::Response& res) {
        if (admin(req, res)) send(res, ow::central::handleAttachDocument(store, req.body, std::time(nullptr)));
    });
    server->Post("/v1/admin/cases/advance", [&](const httplib::Request& req, httplib::Response& res) {
        if (admin(req, res)) send(res, ow::central::handleAdvanceCase(store, req.body, std::time(nullptr)));
    });
    server->Get(R"(/v1/admin/cases/([A-Z0-9]+))", [&](const httplib::Request& req, httplib::Response& res) {
        if (admin(req, res)) send(res, ow::central::handleGetCase(store, req.matches[1].str()));
    });
    server->Get("/v1/admin/appointments", [&](const httplib::Request& req, httplib::Response& res) {
        if (admin(req, res))
            send(res, ow::central::handleHallAppointments(store, req.get_param_value("hall"), req.get_param_value("day")));
    });
    server->Post("/v1/admin/queue/call", [&](const httplib::Request& req, httplib::Response& res) {
        if (admin(req, res)) send(res, ow::central::handleCallNext(store, req.body, std::time(nullptr)));
    });
    server->Post("/v1/admin/appointments/cancel", [&](const httplib::Request& req, httplib::Response& res) {
        if (admin(req, res)) send(res, ow::central::handleHallChange(store, req.body, std::time(nullptr), false));
    });
    server->Post("/v1/admin/appointments/move", [&](const httplib::Request& req, httplib::Response& res) {
        if (admin(req, res)) send(res, ow::central::handleHallChange(store, req.body, std::time(nullptr), true));
    });
    ow::central::mountHall(*server, store, {webRoot, !cert.empty()});
    const std::string host = listen.substr(0, colon);
    int port = std::atoi(listen.c_str() + colon + 1);  // 0: any free port (printed below)
    port = ow::central::bindServer(*server, host, port);
    if (port < 0) return std::fprintf(stderr, "kiosk-central: cannot listen on %s\n", listen.c_str()), 2;
    std::printf("kiosk-central listening on %s://%s:%d\n", cert.empty() ? "http" : "https", host.c_str(), port);
    std::fflush(stdout);
    return server->listen_after_bind() ? 0 : 2;
}
