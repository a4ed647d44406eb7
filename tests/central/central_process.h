// kiosk-central as a child process for integration tests, and kioskctl runs against its store.
#pragma once

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kiosk/protocol/signing.h"
#include "tests/support/process.h"

namespace ow::test {

/** kioskctl ARGS against the store DB; its output with the trailing newline removed. */
inline std::string kioskctl(const std::string& db, const std::string& args) {
    return capture(std::string(OW_KIOSKCTL_BIN) + " " + args + " --db '" + db + "'", true);
}

/**
 * Where a test's central keeps its secrets key: beside the SQLite file, or in the test PostgreSQL's own folder
 * (named after the database), so each database has its key and nothing is left behind.
 */
inline std::string secretsKeyPath(const std::string& db) {
    if (db.rfind("sqlite:", 0) == 0) return db.substr(7) + ".secrets.key";
    const auto name = db.find(":///"), query = db.find('?'), host = db.find("host=");
    const std::string dir = host == std::string::npos ? "/tmp" : db.substr(host + 5, db.find('&', host) - host - 5);
    return dir + "/" + db.substr(name + 4, query - name - 4) + ".secrets.key";
}

class Central {
public:
    /**
     * Starts kiosk-central on 127.0.0.1 with the store db; extra: more arguments (TLS). Port 0 lets the system
     * pick a free one (read from what kiosk-central prints); a restart keeps the port.
     */
    explicit Central(std::string db, std::vector<std::string> extra = {}, int port = 0)
        : db_(std::move(db)), extra_(std::move(extra)), port_(port) {
        start();
    }
    ~Central() { kill9(); }
    void start() {
        std::vector<std::string> args{OW_CENTRAL_BIN, "--listen", "127.0.0.1:" + std::to_string(port_), "--db", db_,
                                      "--secrets-key", secretsKeyPath(db_)};
        args.insert(args.end(), extra_.begin(), extra_.end());
        int fds[2];
        if (pipe(fds) != 0) return;
        std::fflush(stdout);
        pid_ = fork();
        if (pid_ == 0) {
            dup2(fds[1], 1);
            close(fds[0]);
            close(fds[1]);
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        close(fds[1]);
        out_ = fds[0];
        // "kiosk-central listening on http://127.0.0.1:PORT" once it is bound.
        std::string line;
        for (char ch; line.size() < 200 && read(out_, &ch, 1) == 1 && ch != '\n';) line += ch;
        const auto colon = line.rfind(':');
        if (colon != std::string::npos) port_ = std::atoi(line.c_str() + colon + 1);
        // Ready when the port answers (plain or TLS: a refused connection is the only "not yet").
        for (int i = 0; i < 200; ++i) {
            httplib::Client c("127.0.0.1", port_);
            c.set_connection_timeout(0, 100000);
            auto r = c.Get("/");
            if (r || r.error() != httplib::Error::Connection) break;
            usleep(25000);
        }
    }
    void kill9() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
        if (out_ >= 0) close(out_);
        out_ = -1;
    }
    /** Enrols a terminal with a token from kioskctl; keeps its id and secret for signed requests. */
    bool enroll(const std::string& hall = "qingpu") {
        token_ = kioskctl(db_, "enroll --hall " + hall + " --name t1");
        auto r = raw("/v1/enroll", nlohmann::json{{"token", token_}}.dump(), {});
        if (!r || r->status != 200) return false;
        const auto j = nlohmann::json::parse(r->body);
        id_ = j["kiosk_id"], secret_ = j["secret"];
        return true;
    }
    httplib::Result raw(const std::string& path, const std::string& body, const httplib::Headers& h) {
        httplib::Client c("127.0.0.1", port_);
        return c.Post(path, h, body, "application/json");
    }
    static httplib::Headers headers(const ow::protocol::Signature& s) {
        return {{"X-OW-Kiosk", s.kioskId}, {"X-OW-Timestamp", s.timestamp}, {"X-OW-Nonce", s.nonce},
                {"X-OW-Signature", s.hmac}};
    }
    /** A request signed as the terminal would sign it (now, a fresh nonce). */
    httplib::Result post(const std::string& body, const std::string& path = "/v1/events") {
        return raw(path, body, headers(ow::protocol::sign(id_, secret_, "POST", path, body, std::time(nullptr))));
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    const std::string& db() const { return db_; }
    int port() const { return port_; }
    std::string id_, secret_, token_;

private:
    std::string db_;
    std::vector<std::string> extra_;
    int port_;
    pid_t pid_ = -1;
    int out_ = -1;  // its standard output, open while it runs
};

}  // namespace ow::test
