// The notification sender.
#include "central/notification_sender.h"

#include <httplib.h>
#include <sodium.h>

#include <ctime>
#include <nlohmann/json.hpp>

namespace ow::central {

std::string postNotice(const Gateway& g, const AppointmentBook::Notification& n) {
    const auto scheme = g.url.find("://");
    if (scheme == std::string::npos) return "the gateway's URL is not http(s)://host[:port]/path";
    const auto slash = g.url.find('/', scheme + 3);
    const std::string origin = g.url.substr(0, slash), path = slash == std::string::npos ? "/" : g.url.substr(slash);
    std::string body = nlohmann::json{{"id", n.id}, {"kind", n.kind}, {"appointment", n.appointment}, {"phone", n.phone},
                                      {"text", n.text}}
                           .dump();
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(g.secret.data()), g.secret.size());
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(body.data()), body.size());
    crypto_auth_hmacsha256_final(&st, mac);
    char hex[sizeof mac * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    httplib::Client client(origin);
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(10, 0);
    auto r = client.Post(path, {{"X-OW-Notification", n.id}, {"X-OW-Signature", hex}}, body, "application/json");
    sodium_memzero(body.data(), body.size());
    if (!r) return "the gateway cannot be reached (" + httplib::to_string(r.error()) + ")";
    if (r->status < 200 || r->status >= 300) return "the gateway answered " + std::to_string(r->status);
    return "";
}

void NotificationSender::start() {
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!stop_) {
            lock.unlock();
            book_.deliverDue(std::time(nullptr), [&](const AppointmentBook::Notification& n) { return postNotice(gateway_, n); });
            lock.lock();
            cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; });
        }
    });
}

void NotificationSender::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

}  // namespace ow::central
