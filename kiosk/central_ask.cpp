// Questions to central as JSON, and its answers as the services read them.
#include "kiosk/central_ask.h"

#include <nlohmann/json.hpp>

#include "kiosk/log.h"
#include "kiosk/session.h"
#include "kiosk/terminal.h"

namespace ow::core {

using nlohmann::json;

void CentralAsk::wipe() { wipeText(body); }

void CentralReply::wipe() { wipeText(body); }

CentralReply readCentralReply(int op, int status, std::string_view body) {
    CentralReply r;
    r.op = op;
    if (status >= 500 || status == 401) {
        r.detail = "central answered " + std::to_string(status);
        return r;
    }
    const json j = json::parse(body, nullptr, false);
    if (status == 404 || status == 409) {
        r.outcome = CentralReply::Outcome::refused;
        r.refusal = "not_found";
        for (const char* key : {"error", "refused"})
            if (j.is_object() && j.contains(key) && j[key].is_object() && j[key].contains("code") && j[key]["code"].is_string())
                r.refusal = j[key]["code"].get<std::string>();
        r.detail = "central answered " + std::to_string(status) + " " + r.refusal;
        return r;
    }
    if (status != 200 || !j.is_object()) {
        r.outcome = CentralReply::Outcome::failed;
        r.detail = status == 200 ? "central's answer is not a JSON object" : "central answered " + std::to_string(status);
        if (status == 400 && j.is_object() && j.contains("error") && j["error"].is_object())
            r.detail += " " + j["error"].value("message", "");
        return r;
    }
    r.outcome = CentralReply::Outcome::answered;
    r.body = std::string(body);
    return r;
}

void CentralAsking::ask(Terminal& t, Service& from, int op, std::string path, std::string body) {
    CentralAsk q{op, std::move(path), std::move(body)};
    question_.wipe();
    question_ = q;
    if (reply_) reply_->wipe();
    reply_.reset();
    state_ = Asking::waiting;
    t.forgetRequests(from);  // an answer to an older question is dropped
    t.request(from, std::move(q));
    log(Level::info, std::string(what_) + ".asked", {{"op", std::to_string(op)}});
}

bool CentralAsking::retry(Terminal& t, Service& from) {
    if (state_ != Asking::offline || question_.path.empty()) return false;
    ask(t, from, question_.op, question_.path, question_.body);
    return true;
}

const CentralReply* CentralAsking::take(Answer& a) {
    auto* r = std::get_if<CentralReply>(&a.body);
    if (!r) return nullptr;
    switch (r->outcome) {
        case CentralReply::Outcome::answered: state_ = Asking::answered; break;
        case CentralReply::Outcome::refused: state_ = Asking::refused; break;
        case CentralReply::Outcome::offline:
        case CentralReply::Outcome::failed: state_ = Asking::offline; break;
    }
    log(state_ == Asking::answered ? Level::info : Level::warning, std::string(what_) + ".answered",
        {{"op", std::to_string(r->op)}, {"refusal", r->refusal}, {"detail", r->detail}});
    if (reply_) reply_->wipe();
    reply_ = std::move(*r);
    if (state_ != Asking::offline) question_.wipe();  // what it carried of the person is no longer needed
    return &*reply_;
}

void CentralAsking::wipe() {
    question_.wipe();
    question_ = {};
    if (reply_) reply_->wipe();
    reply_.reset();
    state_ = Asking::idle;
}

}  // namespace ow::core
