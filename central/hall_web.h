// The hall's pages, served by kiosk-central under /hall/: the window's caller (窗口叫号), the hall display (大厅显示屏)
// and the hall admin's statistics — plain HTML, CSS and JavaScript installed with central — and the JSON and
// server-sent events behind them.
//
//   Staff (session cookie "ow_hall": HttpOnly, SameSite=Strict, Secure under TLS; every change carries the session's
//   CSRF token in X-CSRF-Token):
//     POST /hall/api/sign-in {"hall", "name", "password"} → {"staff", "csrf"}; 401 wrong; 423 locked {"until"}
//     POST /hall/api/sign-out · GET /hall/api/me · POST /hall/api/window {"window"}
//     GET  /hall/api/board → the hall's windows, waiting tickets (with waits), today's appointments, latest calls
//     POST /hall/api/act {"action": next | recall | start | done | transfer | call_number | confirm_priority, "arg"?}
//     GET  /hall/api/stats?from=D&to=D (hall-admin) · GET /hall/api/audit (hall-admin)
//   The display (public: numbers and windows only, nothing of a person):
//     GET /hall/display/events?hall=H  server-sent events "board" on every change of the hall's queue
//     GET /hall/display/audio?hall=H&seq=N  the call's words as WAV, made by espeak-ng ("请 A012 号到 3 号窗口")
#pragma once

#include <httplib.h>

#include <string>

#include "central/store.h"

namespace ow::central {

struct HallWebOptions {
    std::string webRoot;  // the folder of the pages (installed with central)
    bool tls = false;     // cookies are Secure
};

/** The folder of the pages: --web if given, else the installed one, else the source tree's. */
std::string defaultHallWebRoot();

/** Adds the hall's pages and their endpoints to the server. */
void mountHall(httplib::Server& server, Store& store, const HallWebOptions& options);

}  // namespace ow::central
