// Appointments on the wire.
#include "kiosk/services/appointments/appointment_wire.h"

#include <sodium.h>

#include "kiosk/session.h"

#include <nlohmann/json.hpp>

namespace ow::core {

using nlohmann::json;

namespace {

std::optional<AppointmentRecord> recordFrom(const json& j) {
    if (!j.is_object()) return std::nullopt;
    AppointmentRecord a;
    try {
        a.no = j.at("no").get<std::string>();
        a.matter = j.at("matter").get<std::string>();
        a.matterName = j.value("matter_name", a.matter);
        a.slot = j.at("slot").get<std::string>();
        a.start = j.at("start").get<int64_t>();
        a.end = j.at("end").get<int64_t>();
        a.state = j.at("state").get<std::string>();
        a.name = j.value("name", "");
        a.idNumber = j.value("id_number", "");
        if (j.contains("hall_change") && j["hall_change"].is_object()) {
            a.hallChange = j["hall_change"].value("what", "");
            a.hallReason = j["hall_change"].value("reason", "");
            a.hallChangeUnseen = j["hall_change"].value("unseen", false);
        }
    } catch (const json::exception&) {
        return std::nullopt;
    }
    return a;
}

}  // namespace

const char* appointmentOpCode(AppointmentQuestion::Op op) {
    switch (op) {
        case AppointmentQuestion::Op::days: return "days";
        case AppointmentQuestion::Op::slots: return "slots";
        case AppointmentQuestion::Op::book: return "book";
        case AppointmentQuestion::Op::move: return "move";
        case AppointmentQuestion::Op::cancel: return "cancel";
        case AppointmentQuestion::Op::mine: return "mine";
    }
    return "?";
}

std::string AppointmentQuestion::path() const { return std::string("/v1/appointments/") + appointmentOpCode(op); }

std::string AppointmentQuestion::body(const std::string& receiptKey) const {
    json j;
    switch (op) {
        case Op::days: j = {{"matter", matter}}; break;
        case Op::slots: j = {{"matter", matter}, {"date", date}}; break;
        case Op::book:
            j = {{"key", key}, {"matter", matter}, {"slot", slot}, {"receipt_key", receiptKey},
                 {"person", {{"name", name}, {"id_number", idNumber}}}};
            if (!phone.empty()) j["person"]["phone"] = phone;
            break;
        case Op::move: j = {{"key", key}, {"no", no}, {"id_number", idNumber}, {"slot", slot}}; break;
        case Op::cancel: j = {{"key", key}, {"no", no}, {"id_number", idNumber}}; break;
        case Op::mine:
            j = code.empty() ? json{{"id_number", idNumber}} : json{{"code", code}};
            if (notices) j["notices"] = true;
            break;
    }
    return j.dump();
}

void AppointmentQuestion::wipe() {
    for (auto* s : {&name, &idNumber, &phone, &code}) wipeText(*s);
}

AppointmentAnswer parseAppointmentAnswer(AppointmentQuestion::Op op, int status, std::string_view body) {
    AppointmentAnswer a;
    a.op = op;
    const json j = json::parse(body, nullptr, false);
    const auto failed = [&](std::string why) {
        a.outcome = AppointmentAnswer::Outcome::failed;
        a.detail = std::move(why);
        return a;
    };
    if (status >= 500 || status == 401) {  // central failing, or a clock or enrolment problem: not the person's
        a.outcome = AppointmentAnswer::Outcome::offline;
        a.detail = "central answered " + std::to_string(status);
        return a;
    }
    if (!j.is_object()) return failed("central's answer is not JSON (" + std::to_string(status) + ")");
    if (status == 409) {
        if (!j.contains("refused") || !j["refused"].is_object()) return failed("a 409 without a refusal");
        const json& r = j["refused"];
        a.outcome = AppointmentAnswer::Outcome::refused;
        a.refusal.code = r.value("code", "");
        if (r.contains("until") && r["until"].is_number_integer()) a.refusal.until = r["until"].get<int64_t>();
        if (r.contains("nearest") && r["nearest"].is_array())
            for (const auto& s : r["nearest"])
                if (s.is_string()) a.refusal.nearest.push_back(s.get<std::string>());
        a.refusal.appointment = r.value("appointment", "");
        if (a.refusal.code.empty()) return failed("a refusal without its code");
        return a;
    }
    if (status != 200) {
        std::string why = "central answered " + std::to_string(status);
        if (j.contains("error") && j["error"].is_object()) why += ": " + j["error"].value("message", "");
        return failed(why);
    }
    a.outcome = AppointmentAnswer::Outcome::answered;
    try {
        switch (op) {
            case AppointmentQuestion::Op::days:
                for (const auto& d : j.at("days")) a.days.emplace_back(d.at("date").get<std::string>(), d.at("left").get<int>());
                break;
            case AppointmentQuestion::Op::slots:
                for (const auto& s : j.at("slots"))
                    a.slots.push_back({s.at("slot").get<std::string>(), s.at("start").get<int64_t>(), s.at("end").get<int64_t>(),
                                       s.at("left").get<int>()});
                break;
            case AppointmentQuestion::Op::book:
            case AppointmentQuestion::Op::move:
            case AppointmentQuestion::Op::cancel:
                a.appointment = recordFrom(j.at("appointment"));
                if (!a.appointment) return failed("an appointment that does not read");
                break;
            case AppointmentQuestion::Op::mine:
                for (const auto& r : j.at("appointments")) {
                    auto rec = recordFrom(r);
                    if (!rec) return failed("an appointment that does not read");
                    a.appointments.push_back(std::move(*rec));
                }
                break;
        }
    } catch (const json::exception& e) {
        return failed(std::string("central's answer does not read: ") + e.what());
    }
    return a;
}

void wipeAppointments(AppointmentAnswer& a) {
    const auto wipeRecord = [](AppointmentRecord& r) {
        for (auto* s : {&r.name, &r.idNumber}) wipeText(*s);
    };
    if (a.appointment) wipeRecord(*a.appointment);
    for (auto& r : a.appointments) wipeRecord(r);
    a.appointment.reset();
    a.appointments.clear();
}

}  // namespace ow::core
