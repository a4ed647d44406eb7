// kiosk-central: the HTTPS JSON service the terminals sync to.
#include <httplib.h>

#include <cstdio>
#include <string>

#include "central/api.h"

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
    server.Post("/v1/events", [&](const httplib::Request& req, httplib::Response& res) {
        // Terminal identity: until request signing lands (HMAC, next step), the id header is required.
        const std::string kiosk = req.get_header_value("X-Kiosk-Id");
        if (kiosk.empty() || kiosk.size() > 64)
            return send(res, ow::central::errorReply(401, "unauthenticated", "the request names no terminal"));
        send(res, ow::central::handleEvents(**store, kiosk, req.body));
    });
    const std::string host = listen.substr(0, colon);
    const int port = std::atoi(listen.c_str() + colon + 1);
    std::printf("kiosk-central listening on %s:%d\n", host.c_str(), port);
    std::fflush(stdout);
    if (!server.listen(host.c_str(), port)) return std::fprintf(stderr, "kiosk-central: cannot listen on %s\n", listen.c_str()), 2;
    return 0;
}
