// Sends the notification outbox's notices to the hall's SMS gateway: an HTTP webhook, each notice a signed POST
// (HMAC-SHA256 of the body with a shared secret), retried with backoff until the gateway takes it, once by its id.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "central/appointments.h"
#include "kiosk/result.h"

namespace ow::central {

/** The gateway: where to post, and the secret both sides hold (kept in a file of its own, like the secrets key). */
struct Gateway {
    std::string url;  // http://host:port/path or https://…
    std::string secret;
};

/**
 * Posts one notice: {"id", "kind", "appointment", "phone", "text"} with headers X-OW-Notification (the id, the
 * same on every retry, so the gateway sends each once) and X-OW-Signature (hex HMAC-SHA256 of the body). "" when
 * the gateway answered 2xx, else why not.
 */
std::string postNotice(const Gateway& gateway, const AppointmentBook::Notification& n);

/** A background loop: every second the notices due are sent (AppointmentBook::deliverDue). */
class NotificationSender {
public:
    NotificationSender(AppointmentBook& book, Gateway gateway) : book_(book), gateway_(std::move(gateway)) {}
    ~NotificationSender() { stop(); }
    void start();
    void stop();

private:
    AppointmentBook& book_;
    Gateway gateway_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
};

}  // namespace ow::central
