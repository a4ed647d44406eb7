// Queue numbers on the wire.
#include "kiosk/services/queue/queue_wire.h"

#include <nlohmann/json.hpp>

#include "kiosk/session.h"

namespace ow::core {

using nlohmann::json;

const char* queueOpCode(QueueQuestion::Op op) {
    switch (op) {
        case QueueQuestion::Op::take: return "take";
        case QueueQuestion::Op::checkin: return "checkin";
        case QueueQuestion::Op::status: return "status";
    }
    return "?";
}

std::string QueueQuestion::path() const { return std::string("/v1/queue/") + queueOpCode(op); }

std::string QueueQuestion::body() const {
    switch (op) {
        case Op::take: return json{{"key", key}, {"theme", theme}, {"class", cls.empty() ? "ordinary" : cls}}.dump();
        case Op::checkin:
            return (code.empty() ? json{{"key", key}, {"id_number", idNumber}} : json{{"key", key}, {"code", code}}).dump();
        case Op::status: return json{{"code", code}}.dump();
    }
    return "{}";
}

void QueueQuestion::wipe() {
    for (auto* s : {&idNumber, &code}) wipeText(*s);
}

QueueAnswer parseQueueAnswer(QueueQuestion::Op op, int status, std::string_view body) {
    QueueAnswer a;
    a.op = op;
    const auto failed = [&](std::string why) {
        a.outcome = QueueAnswer::Outcome::failed;
        a.detail = std::move(why);
        return a;
    };
    if (status >= 500 || status == 401) {  // central failing, or a clock or enrolment problem: not the person's
        a.detail = "central answered " + std::to_string(status);
        return a;
    }
    const json j = json::parse(body, nullptr, false);
    if (!j.is_object()) return failed("central's answer is not JSON (" + std::to_string(status) + ")");
    if (status == 404 && op == QueueQuestion::Op::status) {
        a.outcome = QueueAnswer::Outcome::refused;
        a.refusal = "no_such_ticket";
        return a;
    }
    if (status == 409) {
        if (!j.contains("refused") || !j["refused"].is_object()) return failed("a 409 without a refusal");
        const json& r = j["refused"];
        a.outcome = QueueAnswer::Outcome::refused;
        a.refusal = r.value("code", "");
        if (r.contains("until") && r["until"].is_number_integer()) a.until = r["until"].get<int64_t>();
        a.appointment = r.value("appointment", "");
        if (a.refusal.empty()) return failed("a refusal without its code");
        return a;
    }
    if (status != 200) return failed("central answered " + std::to_string(status));
    try {
        const json& t = j.at("ticket");
        QueueTicket k;
        k.id = t.at("id").get<std::string>();
        k.number = t.at("number").get<std::string>();
        k.theme = t.at("theme").get<std::string>();
        k.cls = t.at("class").get<std::string>();
        k.state = t.at("state").get<std::string>();
        k.ahead = t.at("ahead").get<int>();
        k.waitMinutes = t.value("wait_minutes", 0);
        k.windows = t.value("windows", std::vector<std::string>{});
        k.window = t.value("window", "");
        k.appointment = t.value("appointment", "");
        k.priorityAsked = t.value("priority_asked", false);
        k.issuedAt = t.value("issued_at", int64_t{0});
        k.slotStart = t.value("slot_start", int64_t{0});
        if (k.number.empty() || k.id.empty()) return failed("a ticket without its number");
        a.ticket = std::move(k);
    } catch (const json::exception& e) {
        return failed(std::string("central's answer does not read: ") + e.what());
    }
    a.outcome = QueueAnswer::Outcome::answered;
    return a;
}

}  // namespace ow::core
